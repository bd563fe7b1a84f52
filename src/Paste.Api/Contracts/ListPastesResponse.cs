using Paste.Application.Pastes;

namespace Paste.Api.Contracts;

/// <summary>200 body of GET /pastes: one page of the caller's live pastes, newest first.</summary>
/// <param name="Pastes">The page's pastes; empty when the caller has none.</param>
/// <param name="Next">The path of the next page, with its cursor and the same limit; absent on the last page.</param>
public sealed record ListPastesResponse(IReadOnlyList<ListedPaste> Pastes, string? Next = null)
{
    public static ListPastesResponse From(PasteListing listing, int limit) =>
        new(
            listing.Pastes.Select(ListedPaste.From).ToList(),
            listing.NextCursor is { } cursor ? PasteRoutes.List(cursor, limit) : null);
}
