using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Paste.Cli.Webhooks;

/// <summary>
/// The receiver's checks of an announcement, as docs/webhooks.md's "Verifying an announcement" describes them: the signed
/// SHA-256 digest of X-Webhook-Signature, the Standard Webhooks signature over id, timestamp and body, and the age of
/// that timestamp.
/// </summary>
public static class WebhookVerifier
{
    private const int SignatureBytes = 64;
    private const int DigestBytes = 32;
    private const string AsymmetricPrefix = "v1a,";

    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    /// <param name="tolerance">How far webhook-timestamp may be from <paramref name="now"/>, either way.</param>
    public static WebhookVerdict Verify(PublicKey key, WebhookDelivery delivery, DateTimeOffset now, TimeSpan tolerance)
    {
        var hasSignedDigest = !string.IsNullOrWhiteSpace(delivery.XWebhookSignature);
        var hasStandardSignature = !string.IsNullOrWhiteSpace(delivery.WebhookSignature);
        if (!hasSignedDigest && !hasStandardSignature)
        {
            return new WebhookVerdict(["no signature header given (X-Webhook-Signature or webhook-signature)"], null);
        }

        // Every failed check is reported, not just the first: a body altered in transit fails both signatures, and
        // seeing both says more than either alone.
        var problems = new List<string>();
        if (hasSignedDigest && SignedDigestProblem(key, delivery.Body, delivery.XWebhookSignature!) is { } digestProblem)
        {
            problems.Add(digestProblem);
        }

        if (hasStandardSignature)
        {
            problems.AddRange(StandardSignatureProblems(key, delivery, now, tolerance));
        }

        var note = (hasSignedDigest, hasStandardSignature) switch
        {
            (true, false) => "only X-Webhook-Signature was checked: it does not sign a time, so an old delivery sent again would pass too",
            (false, true) => "only webhook-signature was checked: no X-Webhook-Signature was given",
            _ => null,
        };
        return new WebhookVerdict(problems, note);
    }

    /// <summary>X-Webhook-Signature: the 64-byte signature over SHA-256(body), then the 32 digest bytes it signs.</summary>
    private static string? SignedDigestProblem(PublicKey key, byte[] body, string header)
    {
        var signed = FromBase64(header);
        if (signed is null)
        {
            return "X-Webhook-Signature is not base64";
        }

        if (signed.Length != SignatureBytes + DigestBytes)
        {
            return $"X-Webhook-Signature is {signed.Length} bytes, not {SignatureBytes + DigestBytes} (a signature and a digest)";
        }

        // In constant time, so that how long the comparison takes tells nothing about how much of a forged digest was right.
        var digest = SHA256.HashData(body);
        if (!CryptographicOperations.FixedTimeEquals(signed.AsSpan(SignatureBytes), digest))
        {
            return "the body does not match the signed digest";
        }

        return Ed25519.Verify(key, digest, signed.AsSpan(0, SignatureBytes)) ? null : "X-Webhook-Signature does not verify";
    }

    /// <summary>webhook-signature: space-separated <c>v1a,&lt;base64&gt;</c> signatures over <c>{id}.{timestamp}.{body}</c>; one that verifies is enough.</summary>
    private static IEnumerable<string> StandardSignatureProblems(PublicKey key, WebhookDelivery delivery, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(delivery.WebhookId) || string.IsNullOrEmpty(delivery.WebhookTimestamp))
        {
            yield return "webhook-signature needs webhook-id and webhook-timestamp, which it signs";
            yield break;
        }

        byte[] content = [.. Encoding.UTF8.GetBytes($"{delivery.WebhookId}.{delivery.WebhookTimestamp}."), .. delivery.Body];
        var candidates = delivery.WebhookSignature!.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(candidate => candidate.StartsWith(AsymmetricPrefix, StringComparison.Ordinal))
            .Select(candidate => FromBase64(candidate[AsymmetricPrefix.Length..]))
            .ToList();
        if (candidates.Count == 0)
        {
            yield return "webhook-signature holds no v1a,<base64> signature";
        }
        else if (!candidates.Any(signature => signature is { Length: SignatureBytes } && Ed25519.Verify(key, content, signature)))
        {
            yield return "webhook-signature does not verify";
        }

        // Checked whether or not the signature verified: a receiver whose clock is off learns it either way.
        if (!long.TryParse(delivery.WebhookTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
        {
            yield return "webhook-timestamp is not unix seconds";
            yield break;
        }

        var distance = Math.Abs(now.ToUnixTimeSeconds() - sent);
        var tolerated = (long)tolerance.TotalSeconds;
        if (distance > tolerated)
        {
            yield return $"webhook-timestamp is {distance} s from this machine's clock, more than the {tolerated} s tolerated";
        }
    }

    private static byte[]? FromBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
