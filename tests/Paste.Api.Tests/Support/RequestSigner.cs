using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Paste.Api.Tests.Support;

/// <summary>What a registered client signs with: its key id, the algorithm it names (null: none named) and its signing function.</summary>
public sealed record SigningKey(string KeyId, string? Algorithm, Func<byte[], byte[]> Sign)
{
    /// <summary>A client registered without a public key: HMAC-SHA256 keyed with the secret's UTF-8 bytes.</summary>
    public static SigningKey Hmac(string keyId, string secret) =>
        new(keyId, "hmac-sha256", data => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    /// <summary>A client registered with a public key, signing with BouncyCastle: an implementation independent of the server's NSec.</summary>
    public static SigningKey Ed25519(string keyId, Ed25519PrivateKeyParameters privateKey) =>
        new(keyId, "ed25519", data => Ed25519Keys.Sign(privateKey, data));
}

/// <summary>Ed25519 keys and signatures through BouncyCastle.</summary>
public static class Ed25519Keys
{
    public static Ed25519PrivateKeyParameters NewPrivateKey()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return (Ed25519PrivateKeyParameters)generator.GenerateKeyPair().Private;
    }

    public static Ed25519PrivateKeyParameters FromSeed(byte[] seed) => new(seed, 0);

    public static byte[] PublicKey(Ed25519PrivateKeyParameters privateKey) => privateKey.GeneratePublicKey().GetEncoded();

    public static byte[] Sign(Ed25519PrivateKeyParameters privateKey, byte[] data)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, privateKey);
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }
}

/// <summary>Deviations from a correct signature, for the tests that check each one is refused.</summary>
public sealed record SignOptions
{
    /// <summary>The Date sent and signed; now by the real clock when null.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>The signature's headers parameter; "(request-target) host date", plus "digest" with a body, when null.</summary>
    public string? Headers { get; init; }

    /// <summary>The Digest header sent and signed; the SHA-256 of the body when null.</summary>
    public string? Digest { get; init; }

    /// <summary>Replaces the key's algorithm parameter.</summary>
    public string? Algorithm { get; init; }

    /// <summary>Leaves the algorithm parameter out.</summary>
    public bool OmitAlgorithm { get; init; }

    /// <summary>Sends the parameters in a <c>Signature:</c> header instead of <c>Authorization: Signature</c>.</summary>
    public bool InSignatureHeader { get; init; }

    /// <summary>Changes the request after it was signed (a tampered body, a dropped header).</summary>
    public Action<HttpRequestMessage>? AfterSigning { get; init; }
}

/// <summary>
/// Signs requests the way docs/signing.md describes (draft-cavage-http-signatures-12), written independently of the
/// server's code: the Date and Digest headers, the signing string and the Authorization (or Signature) header.
/// </summary>
public static class RequestSigner
{
    public const string Challenge = "Signature realm=\"paste\",headers=\"(request-target) host date digest\"";
    public const string RefusalMessage = "Invalid signature";

    /// <summary>Signs the request in place; returns the signing string.</summary>
    public static async Task<string> SignAsync(HttpRequestMessage request, Uri baseAddress, SigningKey key, SignOptions? options = null)
    {
        options ??= new SignOptions();
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute : new Uri(baseAddress, request.RequestUri ?? new Uri("/", UriKind.Relative));
        request.RequestUri = uri;

        var date = options.Date ?? DateTimeOffset.UtcNow;
        request.Headers.Date = date;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["(request-target)"] = request.Method.Method.ToLowerInvariant() + " " + uri.PathAndQuery,
            ["host"] = request.Headers.Host ?? uri.Authority,
            ["date"] = date.ToString("r", CultureInfo.InvariantCulture),
        };

        var headers = "(request-target) host date";
        if (request.Content is not null)
        {
            var body = await request.Content.ReadAsByteArrayAsync();
            var digest = options.Digest ?? "SHA-256=" + Convert.ToBase64String(SHA256.HashData(body));
            request.Headers.TryAddWithoutValidation("Digest", digest);
            values["digest"] = digest;
            headers += " digest";
        }

        headers = options.Headers ?? headers;
        var signingString = string.Join('\n', headers.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(name =>
            $"{name}: {(values.TryGetValue(name, out var value) ? value : HeaderValue(request, name))}"));
        var signature = Convert.ToBase64String(key.Sign(Encoding.UTF8.GetBytes(signingString)));

        var algorithm = options.OmitAlgorithm ? null : options.Algorithm ?? key.Algorithm;
        var parameters = $"keyId=\"{key.KeyId}\","
            + (algorithm is null ? string.Empty : $"algorithm=\"{algorithm}\",")
            + $"headers=\"{headers}\",signature=\"{signature}\"";
        SetSignature(request, parameters, options.InSignatureHeader);
        options.AfterSigning?.Invoke(request);
        return signingString;
    }

    /// <summary>Puts raw signature parameters on a request, in either of the two accepted places.</summary>
    public static void SetSignature(HttpRequestMessage request, string parameters, bool inSignatureHeader = false)
    {
        if (inSignatureHeader)
        {
            request.Headers.TryAddWithoutValidation("Signature", parameters);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Signature", parameters);
        }
    }

    /// <summary>A copy of a signed request with the same method, URI, headers and body: a replay.</summary>
    public static async Task<HttpRequestMessage> CopyAsync(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        if (request.Content is not null)
        {
            copy.Content = new ByteArrayContent(await request.Content.ReadAsByteArrayAsync());
            foreach (var (name, values) in request.Content.Headers.NonValidated)
            {
                copy.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return copy;
    }

    public static async Task<HttpResponseMessage> SendSignedAsync(this HttpClient client, HttpRequestMessage request, SigningKey key, SignOptions? options = null)
    {
        await SignAsync(request, client.BaseAddress!, key, options);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> SendSignedAsync(
        this HttpClient client, HttpMethod method, string path, SigningKey key, SignOptions? options = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await client.SendSignedAsync(request, key, options);
    }

    public static Task<HttpResponseMessage> PostSignedAsync(this HttpClient client, byte[] body, SigningKey key, SignOptions? options = null) =>
        client.SendSignedAsync(HttpMethod.Post, "/", key, options, PasteApi.Raw(body, "text/plain"));

    /// <summary>Creates a paste as a signed client and checks that it was created; fails the test otherwise.</summary>
    /// <remarks>The default text is unique: the same request signed twice in one second is the same signature, a replay.</remarks>
    public static async Task<NewPaste> CreateSignedPasteAsync(this HttpClient client, SigningKey key, string? text = null)
    {
        using var response = await client.PostSignedAsync(Encoding.UTF8.GetBytes(text ?? $"signed paste {Guid.NewGuid():N}"), key);
        return await PasteApi.ReadCreatedAsync(response);
    }

    public static Task<HttpResponseMessage> DeleteSignedAsync(this HttpClient client, string id, SigningKey key) =>
        client.SendSignedAsync(HttpMethod.Delete, $"/{id}", key);

    /// <summary>Checks the one answer every refused signature gets: 401, the Signature challenge and "Invalid signature".</summary>
    public static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        await ResponseAssert.ProblemAsync(response, System.Net.HttpStatusCode.Unauthorized, RefusalMessage);
        Assert.That(ResponseAssert.Header(response, "WWW-Authenticate"), Is.EqualTo(Challenge));
    }

    private static string HeaderValue(HttpRequestMessage request, string name) =>
        request.Headers.NonValidated.TryGetValues(name, out var values) || (request.Content?.Headers.NonValidated.TryGetValues(name, out values) ?? false)
            ? string.Join(", ", values)
            : string.Empty;
}
