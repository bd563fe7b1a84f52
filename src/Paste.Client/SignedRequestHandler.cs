using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Paste.Client;

/// <summary>
/// Signs every request an <see cref="HttpClient"/> sends to Paste as a registered client (draft-cavage-http-signatures-12):
/// <c>Date</c>, a random <c>X-Request-ID</c> unless the request has one, a <c>Digest</c> of the body when there is one,
/// and an <c>Authorization: Signature</c> header over <c>(request-target) host date x-request-id [digest]</c>.
/// The server accepts each signature once; the request id keeps two identical requests in the same second (the same
/// file pasted twice) from sharing one. Put it in front of the <see cref="PasteClient"/>'s handler.
/// </summary>
/// <param name="keyId">The key id printed by the server's <c>clients add</c>.</param>
/// <param name="algorithm"><c>hmac-sha256</c> for a shared secret, <c>ed25519</c> for a registered public key.</param>
/// <param name="sign">Signs the signing string's bytes: HMAC-SHA256 with the secret, or Ed25519 with the private key.</param>
/// <param name="timeProvider">The clock for <c>Date</c>; the system's when not given.</param>
public sealed class SignedRequestHandler(string keyId, string algorithm, Func<byte[], byte[]> sign, TimeProvider? timeProvider = null)
    : DelegatingHandler
{
    /// <summary>The algorithm of a client registered with a shared secret.</summary>
    public const string HmacSha256 = "hmac-sha256";

    /// <summary>The algorithm of a client registered with an Ed25519 public key.</summary>
    public const string Ed25519 = "ed25519";

    private const string RequestIdHeader = "X-Request-ID";

    /// <summary>A client registered without <c>--public-key</c>: the secret's UTF-8 bytes are the HMAC key.</summary>
    public static SignedRequestHandler WithSecret(string keyId, string secret, TimeProvider? timeProvider = null) =>
        new(keyId, HmacSha256, data => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data), timeProvider);

    /// <remarks>
    /// The digest needs the whole body before the request goes out, so the body is buffered (in memory) first; the
    /// server checks the same digest as the body streams in.
    /// </remarks>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request needs an absolute URI.");
        request.Headers.Date = (timeProvider ?? TimeProvider.System).GetUtcNow();
        if (!request.Headers.TryGetValues(RequestIdHeader, out var ids) || ids.Count() != 1)
        {
            request.Headers.Remove(RequestIdHeader);
            request.Headers.Add(RequestIdHeader, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        }

        var headers = "(request-target) host date x-request-id";
        var signingString = new StringBuilder()
            .Append("(request-target): ").Append(request.Method.Method.ToLowerInvariant()).Append(' ').Append(uri.PathAndQuery).Append('\n')
            .Append("host: ").Append(uri.Authority).Append('\n')
            .Append("date: ").Append(request.Headers.Date.Value.ToString("r", CultureInfo.InvariantCulture)).Append('\n')
            .Append("x-request-id: ").Append(request.Headers.GetValues(RequestIdHeader).Single());

        if (request.Content is not null)
        {
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var digest = "SHA-256=" + Convert.ToBase64String(SHA256.HashData(body));
            request.Headers.Remove("Digest");
            request.Headers.Add("Digest", digest);
            headers += " digest";
            signingString.Append('\n').Append("digest: ").Append(digest);
        }

        var signature = Convert.ToBase64String(sign(Encoding.UTF8.GetBytes(signingString.ToString())));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Signature", $"keyId=\"{keyId}\",algorithm=\"{algorithm}\",headers=\"{headers}\",signature=\"{signature}\"");
        return await base.SendAsync(request, cancellationToken);
    }
}
