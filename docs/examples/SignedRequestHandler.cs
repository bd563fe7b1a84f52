// Signs every request an HttpClient sends to Paste (draft-cavage-http-signatures-12).
// This file is compiled by the test suite, so the example in docs/signing.md is known to work.
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Paste.Examples;

/// <param name="keyId">The key id printed by `clients add`.</param>
/// <param name="algorithm">"hmac-sha256" for a shared secret, "ed25519" for a registered public key.</param>
/// <param name="sign">Signs the signing string's bytes: HMAC-SHA256 with the secret, or Ed25519 with the private key.</param>
public sealed class SignedRequestHandler(string keyId, string algorithm, Func<byte[], byte[]> sign) : DelegatingHandler
{
    /// <summary>A client registered without --public-key: the secret's UTF-8 bytes are the HMAC key.</summary>
    public static SignedRequestHandler WithSecret(string keyId, string secret) =>
        new(keyId, "hmac-sha256", data => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request needs an absolute URI.");
        request.Headers.Date = DateTimeOffset.UtcNow;
        var headers = "(request-target) host date";
        var signingString = new StringBuilder()
            .Append("(request-target): ").Append(request.Method.Method.ToLowerInvariant()).Append(' ').Append(uri.PathAndQuery).Append('\n')
            .Append("host: ").Append(uri.Authority).Append('\n')
            .Append("date: ").Append(request.Headers.Date.Value.ToString("r", CultureInfo.InvariantCulture));

        if (request.Content is not null)
        {
            // The digest binds the body to the signature; the server checks it as the body arrives.
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var digest = "SHA-256=" + Convert.ToBase64String(SHA256.HashData(body));
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
