using Paste.Application.Pastes;

namespace Paste.Api.Contracts;

/// <summary>200 body of GET /{id}. <c>expires_at</c> moves forward with every read.</summary>
public sealed record PasteMetadataResponse(string Id, string MimeType, long Size, long CreatedAt, long ExpiresAt, string Raw)
{
    public static PasteMetadataResponse From(PasteMetadata paste) =>
        new(paste.Id, paste.MimeType, paste.Size, paste.CreatedAt.ToUnixTimeSeconds(), paste.ExpiresAt.ToUnixTimeSeconds(), PasteRoutes.Raw(paste.Id));
}
