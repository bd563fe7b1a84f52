using Paste.Application.Pastes;

namespace Paste.Api.Contracts;

/// <summary>
/// 201 body of POST /. Times are unix seconds; <c>owner</c> appears only for authenticated callers, <c>views_left</c>
/// only for view-limited pastes and <c>burn_after_reading</c> only when true.
/// </summary>
/// <param name="Id">The paste's id.</param>
/// <param name="Url">The paste's path (metadata, or its page in a browser).</param>
/// <param name="Raw">The path that serves the bytes.</param>
/// <param name="MimeType">The detected content type.</param>
/// <param name="CreatedAt">When it was created, in Unix seconds.</param>
/// <param name="Owner">The creator's identity; absent for anonymous pastes.</param>
/// <param name="ExpiresAt">When the paste expires unless read before then, in Unix seconds; never later than its own lifetime.</param>
/// <param name="DeleteToken">
/// Send it as X-Delete-Token with DELETE to delete the paste without an identity. Shown only here; absent when an
/// anonymous caller's create is replayed for its Idempotency-Key.
/// </param>
/// <param name="Sha256">The content's SHA-256 in hex: the raw content's entity tag.</param>
/// <param name="ViewsLeft">Content reads allowed before the paste is gone.</param>
/// <param name="BurnAfterReading">The first content read deletes the paste.</param>
public sealed record CreatePasteResponse(
    string Id,
    string Url,
    string Raw,
    string MimeType,
    long CreatedAt,
    string? Owner,
    long ExpiresAt,
    string? DeleteToken,
    string Sha256,
    int? ViewsLeft = null,
    bool? BurnAfterReading = null)
{
    public static CreatePasteResponse From(CreatedPaste paste) =>
        new(
            paste.Id,
            PasteRoutes.Paste(paste.Id),
            PasteRoutes.Raw(paste.Id),
            paste.MimeType,
            paste.CreatedAt.ToUnixTimeSeconds(),
            paste.Owner,
            paste.ExpiresAt.ToUnixTimeSeconds(),
            paste.DeleteToken,
            paste.Sha256,
            paste.ViewsLeft,
            paste.BurnAfterReading ? true : null);
}
