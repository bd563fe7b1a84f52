namespace Paste.Application.Pastes;

public sealed record PasteMetadata(string Id, string MimeType, long Size, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? Owner)
{
    internal static PasteMetadata From(Domain.Pastes.Paste paste, TimeSpan expiry) =>
        new(paste.Id, paste.MimeType, paste.Size, paste.CreatedAt, paste.ExpiresAt(expiry), paste.Owner);
}
