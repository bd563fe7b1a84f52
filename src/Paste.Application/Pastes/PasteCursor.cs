using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using Paste.Domain.Pastes;

namespace Paste.Application.Pastes;

/// <summary>
/// Where a page of a listing ends: its last paste's creation time and id, the key the listing is ordered by, so a page
/// starts exactly after it however many pastes were created or deleted meanwhile. Clients get it as an opaque token
/// (base64url of the milliseconds, big-endian, then the id), so its layout may change without breaking them.
/// </summary>
public sealed record PasteCursor(DateTimeOffset CreatedAt, string Id)
{
    private const int TokenBytes = sizeof(long) + PasteId.Length;

    private static readonly long MinMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static PasteCursor After(PasteMetadata paste) => new(paste.CreatedAt, paste.Id);

    public string Encode()
    {
        Span<byte> token = stackalloc byte[TokenBytes];
        BinaryPrimitives.WriteInt64BigEndian(token, CreatedAt.ToUnixTimeMilliseconds());
        Encoding.ASCII.GetBytes(Id, token[sizeof(long)..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>
    /// The position <paramref name="token"/> stands for; null unless it is exactly what <see cref="Encode"/> makes, so
    /// that one position has one token.
    /// </summary>
    public static PasteCursor? Decode(string token)
    {
        if (!Base64Url.IsValid(token, out var length) || length != TokenBytes)
        {
            return null;
        }

        ReadOnlySpan<byte> bytes = Base64Url.DecodeFromChars(token);

        var milliseconds = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var id = Encoding.ASCII.GetString(bytes[sizeof(long)..]);
        if (milliseconds < MinMilliseconds || milliseconds > MaxMilliseconds || !PasteId.IsWellFormed(id))
        {
            return null;
        }

        var cursor = new PasteCursor(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), id);
        return cursor.Encode() == token ? cursor : null;
    }
}
