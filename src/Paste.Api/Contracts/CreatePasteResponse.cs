using Paste.Application.Pastes;

namespace Paste.Api.Contracts;

/// <summary>201 body of POST /. Times are unix seconds; <c>owner</c> appears only for authenticated callers.</summary>
public sealed record CreatePasteResponse(string Id, string Url, string Raw, string MimeType, long CreatedAt, string? Owner)
{
    public static CreatePasteResponse From(CreatedPaste paste) =>
        new(paste.Id, PasteRoutes.Paste(paste.Id), PasteRoutes.Raw(paste.Id), paste.MimeType, paste.CreatedAt.ToUnixTimeSeconds(), paste.Owner);
}
