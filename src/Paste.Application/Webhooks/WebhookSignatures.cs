using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Paste.Application.Webhooks;

/// <summary>The headers that let a receiver prove a notification came from this service.</summary>
public static class WebhookSignatures
{
    public const string Version = "1.0.0";
    public const string VersionHeader = "X-Webhook-Version";
    public const string SignatureHeader = "X-Webhook-Signature";
    public const string StandardIdHeader = "webhook-id";
    public const string StandardTimestampHeader = "webhook-timestamp";
    public const string StandardSignatureHeader = "webhook-signature";

    public static IReadOnlyDictionary<string, string> Headers(IWebhookSigner signer, string eventId, string payload, DateTimeOffset now)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            [VersionHeader] = Version,
            [SignatureHeader] = Convert.ToBase64String(SignedDigest(signer, body)),
            [StandardIdHeader] = eventId,
            [StandardTimestampHeader] = timestamp,
            [StandardSignatureHeader] = "v1a," + Convert.ToBase64String(signer.Sign(Encoding.UTF8.GetBytes($"{eventId}.{timestamp}.{payload}"))),
        };
    }

    /// <summary>
    /// libsodium's "signed message" of the body's SHA-256 digest: the 64-byte signature over the 32 digest bytes,
    /// followed by those bytes. Opening it with the public key yields the digest to compare with the body's.
    /// </summary>
    public static byte[] SignedDigest(IWebhookSigner signer, ReadOnlySpan<byte> body)
    {
        var digest = SHA256.HashData(body);
        return [.. signer.Sign(digest), .. digest];
    }
}
