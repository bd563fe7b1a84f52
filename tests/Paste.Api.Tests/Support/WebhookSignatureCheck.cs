using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Paste.Api.Tests.Support;

/// <summary>
/// A receiver's verification of a notification, written against the contract with BouncyCastle's Ed25519 (the
/// service signs with NSec/libsodium), using nothing but the public key that GET /webhook_key publishes.
/// </summary>
public static class WebhookSignatureCheck
{
    public const int SignatureBytes = 64;
    public const int DigestBytes = 32;

    /// <summary>
    /// X-Webhook-Signature: base64 of a libsodium "signed message" of SHA-256(body), that is the 64-byte signature
    /// over the 32 digest bytes followed by those bytes. Valid only when the signature verifies and the enclosed
    /// digest is the digest of the body actually received.
    /// </summary>
    public static bool SignedDigestIsValid(byte[] publicKey, string? header, byte[] body)
    {
        var signed = FromBase64(header);
        if (signed is not { Length: SignatureBytes + DigestBytes })
        {
            return false;
        }

        var signature = signed[..SignatureBytes];
        var claimedDigest = signed[SignatureBytes..];
        var digest = SHA256.HashData(body);
        return CryptographicOperations.FixedTimeEquals(claimedDigest, digest) && Verify(publicKey, digest, signature);
    }

    /// <summary>
    /// Standard Webhooks: <c>webhook-signature</c> holds space-separated <c>v1a,&lt;base64&gt;</c> Ed25519 signatures
    /// over <c>{webhook-id}.{webhook-timestamp}.{body}</c>; one that verifies is enough.
    /// </summary>
    public static bool StandardSignatureIsValid(byte[] publicKey, string? id, string? timestamp, string? header, byte[] body)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(header))
        {
            return false;
        }

        byte[] content = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(candidate => candidate.StartsWith("v1a,", StringComparison.Ordinal))
            .Select(candidate => FromBase64(candidate["v1a,".Length..]))
            .Any(signature => signature is { Length: SignatureBytes } && Verify(publicKey, content, signature));
    }

    public static bool SignedDigestIsValid(byte[] publicKey, ReceivedWebhook notification, byte[]? body = null) =>
        SignedDigestIsValid(publicKey, notification.Header("X-Webhook-Signature"), body ?? notification.Body);

    public static bool StandardSignatureIsValid(byte[] publicKey, ReceivedWebhook notification, byte[]? body = null) =>
        StandardSignatureIsValid(
            publicKey,
            notification.Header("webhook-id"),
            notification.Header("webhook-timestamp"),
            notification.Header("webhook-signature"),
            body ?? notification.Body);

    /// <summary>Fails the test unless both signature forms verify with <paramref name="publicKey"/>.</summary>
    public static void AssertAuthentic(byte[] publicKey, ReceivedWebhook notification)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SignedDigestIsValid(publicKey, notification), Is.True, $"X-Webhook-Signature does not verify: {notification}");
            Assert.That(StandardSignatureIsValid(publicKey, notification), Is.True, $"webhook-signature does not verify: {notification}");
        }
    }

    /// <summary>The public half of a fresh Ed25519 key pair: someone else's key.</summary>
    public static byte[] RandomPublicKey()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        return ((Ed25519PublicKeyParameters)generator.GenerateKeyPair().Public).GetEncoded();
    }

    private static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    private static byte[]? FromBase64(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
