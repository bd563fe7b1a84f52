namespace Paste.Application.Pastes;

/// <param name="ExpiresAt">When the paste expires unless read before then: never later than its own deadline.</param>
/// <param name="Sha256">
/// The content's SHA-256 in lower-case hex, its fingerprint; null for a view-limited paste, and for pastes stored before
/// digests were kept.
/// </param>
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
    /// <summary>
    /// The metadata as it may be shown to anyone who holds the id. A view-limited paste is often a short secret (a PIN,
    /// a password) meant to be read a counted number of times: its fingerprint would let whoever sees the metadata, an
    /// entity tag or a digest test guesses offline without spending a read, so it is never handed out, before or after
    /// a read. Its size stays: it bounds a guess but cannot confirm one.
    /// </summary>
    internal static PasteMetadata From(Domain.Pastes.Paste paste, TimeSpan expiry) =>
        new(
            paste.Id,
            paste.MimeType,
            paste.Size,
            paste.CreatedAt,
            paste.ExpiresAt(expiry),
            paste.Owner,
            paste.Sha256 is null || paste.ViewsLeft is not null ? null : Convert.ToHexStringLower(paste.Sha256),
            paste.ViewsLeft,
            paste.BurnsAfterReading,
            paste.Deadline);
}
