using System.Globalization;
using Paste.Application.Pastes;

namespace Paste.Api.Contracts;

/// <summary>
/// 200 body of GET /{id}. <c>expires_at</c> moves forward with every read. With <c>Accept: application/json</c> the
/// same object also carries the members of the <c>/submit</c> API's format: <c>status</c>, <c>expires</c> and, for text, <c>data</c>; without
/// it (curl's <c>*/*</c>, or no Accept at all) they are absent and the body is FlaskPaste's metadata.
/// </summary>
/// <param name="Id">The paste's id.</param>
/// <param name="MimeType">The stored content type.</param>
/// <param name="Size">The content's length in bytes.</param>
/// <param name="CreatedAt">When it was created, in Unix seconds.</param>
/// <param name="ExpiresAt">When it expires unless read again, in Unix seconds; never later than its own lifetime.</param>
/// <param name="Raw">The path that serves the bytes.</param>
/// <param name="Sha256">
/// The content's SHA-256 in hex: the raw content's entity tag. Absent for a view-limited paste, whose fingerprint would
/// confirm a guess of its content without spending a read.
/// </param>
/// <param name="ViewsLeft">Content reads left before the paste is gone; only for view-limited pastes.</param>
/// <param name="BurnAfterReading">True when the next content read deletes the paste; absent otherwise.</param>
/// <param name="Status">"success"; only with <c>Accept: application/json</c>.</param>
/// <param name="Expires">The expiry in UTC as <c>YYYY-mm-dd HH:ii:ss</c>; only with <c>Accept: application/json</c>.</param>
/// <param name="Data">
/// The content, when it is valid UTF-8 and no larger than the anonymous size limit; only with
/// <c>Accept: application/json</c>, and otherwise absent: <c>raw</c> serves the bytes.
/// </param>
public sealed record PasteMetadataResponse(
    string Id,
    string MimeType,
    long Size,
    long CreatedAt,
    long ExpiresAt,
    string Raw,
    string? Sha256 = null,
    int? ViewsLeft = null,
    bool? BurnAfterReading = null,
    string? Status = null,
    string? Expires = null,
    string? Data = null)
{
    public static PasteMetadataResponse From(PasteMetadata paste) =>
        new(
            paste.Id,
            paste.MimeType,
            paste.Size,
            paste.CreatedAt.ToUnixTimeSeconds(),
            paste.ExpiresAt.ToUnixTimeSeconds(),
            PasteRoutes.Raw(paste.Id),
            paste.Sha256,
            paste.ViewsLeft,
            paste.BurnAfterReading ? true : null);

    /// <summary>The JSON document: the metadata, "success", the expiry as text and the content as text.</summary>
    public static PasteMetadataResponse From(PasteView view) => From(view.Metadata) with
    {
        Status = "success",
        Expires = view.Metadata.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        Data = view.Text,
    };
}
