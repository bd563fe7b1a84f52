using System.Security.Cryptography;
using Paste.Api.Streams;

namespace Paste.Api.Authentication;

/// <summary>
/// Hashes a signed request's body as it streams through and refuses it at the end if it does not match the signed
/// SHA-256 Digest. The handler reads the whole body before it stores anything, so a mismatched body is never kept.
/// The check also runs once the declared Content-Length has been read, since readers that stop there never see the end.
/// </summary>
internal sealed class DigestVerifyingStream(Stream inner, byte[] expectedDigest, long? declaredLength) : ForwardOnlyReadStream(inner)
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long total;
    private bool verified;

    /// <summary>The 32 digest bytes of a "SHA-256=&lt;base64&gt;" Digest header (other algorithms may be listed too), or null.</summary>
    public static byte[]? ParseSha256(string header)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Equals("SHA-256", StringComparison.OrdinalIgnoreCase))
            {
                var digest = new byte[48];
                return Convert.TryFromBase64String(part[(equals + 1)..], digest, out var written) && written == 32 ? digest[..32] : null;
            }
        }

        return null;
    }

    protected override void Observe(ReadOnlySpan<byte> data, bool endOfStream)
    {
        hash.AppendData(data);
        total += data.Length;
        if ((endOfStream || total == declaredLength) && !verified)
        {
            verified = true;
            if (!CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), expectedDigest))
            {
                throw new InvalidSignatureException();
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
