namespace Paste.Application.Pastes;

/// <param name="ExpiresAt">When the paste expires unless read before then: never later than its own deadline.</param>
/// <param name="Sha256">The content's SHA-256 in lower-case hex; null only for pastes stored before digests were kept.</param>
/// <param name="ViewsLeft">Content reads still allowed; null for no limit.</param>
/// <param name="BurnAfterReading">True when the paste is gone after its first content read.</param>
/// <param name="Deadline">The end of the lifetime its creator asked for, whatever its reads; null for none.</param>
public sealed record PasteMetadata(
    string Id,
    string MimeType,
    long Size,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? Owner,
    string? Sha256 = null,
    int? ViewsLeft = null,
    bool BurnAfterReading = false,
    DateTimeOffset? Deadline = null)
{
    internal static PasteMetadata From(Domain.Pastes.Paste paste, TimeSpan expiry) =>
        new(
            paste.Id,
            paste.MimeType,
            paste.Size,
            paste.CreatedAt,
            paste.ExpiresAt(expiry),
            paste.Owner,
            paste.Sha256 is null ? null : Convert.ToHexStringLower(paste.Sha256),
            paste.ViewsLeft,
            paste.BurnsAfterReading,
            paste.Deadline);
}
