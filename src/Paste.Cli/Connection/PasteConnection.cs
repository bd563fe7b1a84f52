using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NSec.Cryptography;
using Paste.Cli.Settings;
using Paste.Client;

namespace Paste.Cli.Connection;

/// <summary>
/// The generated <see cref="PasteClient"/> over one <see cref="HttpClient"/>, whose handlers sign every request when a
/// key is configured and present the client certificate when one is.
/// </summary>
public sealed class PasteConnection : IDisposable
{
    private readonly HttpClient http;

    private PasteConnection(HttpClient http, Uri baseAddress)
    {
        this.http = http;
        BaseAddress = baseAddress;
        Client = new PasteClient(http);
    }

    public PasteClient Client { get; }

    public Uri BaseAddress { get; }

    /// <exception cref="UsageException">A setting is incomplete or unreadable (a key id without a key, a bad key, a missing certificate).</exception>
    public static PasteConnection Open(ClientSettings settings, string? declaredContentType = null)
    {
        var baseAddress = settings.BaseAddress();
        // No overall timeout (a 50 MiB upload on a slow line takes its time), but a server that is not there says so soon.
        HttpMessageHandler handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            SslOptions = { ClientCertificates = ClientCertificates(settings) },
        };
        if (declaredContentType is not null)
        {
            handler = new DeclaredContentTypeHandler(ParseContentType(declaredContentType)) { InnerHandler = handler };
        }

        if (Signer(settings) is { } signer)
        {
            signer.InnerHandler = handler;
            handler = signer;
        }

        return new PasteConnection(new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan }, baseAddress);
    }

    /// <summary>A paste's address as people share it.</summary>
    public string UrlOf(string id) => new Uri(BaseAddress, id).ToString();

    public void Dispose() => http.Dispose();

    private static SignedRequestHandler? Signer(ClientSettings settings)
    {
        if (settings.KeyId is null)
        {
            return settings.Secret is null && settings.PrivateKey is null
                ? null
                : throw new UsageException("A secret or private key needs its key id: --key-id, PASTE_KEY_ID or config.json.");
        }

        if (settings.PrivateKey is { } privateKey)
        {
            var key = Ed25519Keys.ImportPrivateKey(privateKey);
            return new SignedRequestHandler(settings.KeyId, SignedRequestHandler.Ed25519, data => SignatureAlgorithm.Ed25519.Sign(key, data));
        }

        return settings.Secret is { } secret
            ? SignedRequestHandler.WithSecret(settings.KeyId, secret)
            : throw new UsageException($"Key id {settings.KeyId} has no secret or private key: --secret or --private-key (or PASTE_SECRET, PASTE_PRIVATE_KEY).");
    }

    private static X509CertificateCollection ClientCertificates(ClientSettings settings)
    {
        if (settings.Certificate is null)
        {
            return [];
        }

        try
        {
            return [X509Certificate2.CreateFromPemFile(settings.Certificate, settings.CertificateKey)];
        }
        catch (Exception exception) when (exception is IOException or CryptographicException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read the client certificate {settings.Certificate}: {exception.Message}");
        }
    }

    private static MediaTypeHeaderValue ParseContentType(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            ? parsed
            : throw new UsageException($"--type '{contentType}' is not a media type such as text/x-python or image/png.");

    /// <summary>The generated client sends every paste as application/octet-stream; <c>--type</c> declares another.</summary>
    private sealed class DeclaredContentTypeHandler(MediaTypeHeaderValue contentType) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.Content is not null)
            {
                request.Content.Headers.ContentType = contentType;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
