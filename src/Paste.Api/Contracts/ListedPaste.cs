using Paste.Application.Pastes;

namespace Paste.Api.Contracts;

/// <summary>One paste of GET /pastes; <c>GET /{id}</c> tells more, and counts as a read.</summary>
/// <param name="Id">The paste's id.</param>
/// <param name="Size">The content's length in bytes.</param>
/// <param name="MimeType">The stored content type.</param>
/// <param name="CreatedAt">When it was created, in Unix seconds.</param>
/// <param name="ExpiresAt">When it expires unless read again, in Unix seconds; never later than its own lifetime.</param>
/// <param name="ViewsLeft">Content reads left before the paste is gone; only for view-limited pastes.</param>
/// <param name="BurnAfterReading">True when the next content read deletes the paste; absent otherwise.</param>
public sealed record ListedPaste(
    string Id,
    long Size,
    string MimeType,
    long CreatedAt,
    long ExpiresAt,
    int? ViewsLeft = null,
    bool? BurnAfterReading = null)
{
    public static ListedPaste From(PasteMetadata paste) =>
        new(
            paste.Id,
            paste.Size,
            paste.MimeType,
            paste.CreatedAt.ToUnixTimeSeconds(),
            paste.ExpiresAt.ToUnixTimeSeconds(),
            paste.ViewsLeft,
            paste.BurnAfterReading ? true : null);
}
