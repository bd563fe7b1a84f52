using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <summary>
/// The <paramref name="Requester"/>'s live pastes, newest first, <paramref name="Limit"/> at a time; an anonymous
/// requester must authenticate, since only an identity owns pastes.
/// </summary>
/// <param name="Cursor">The <see cref="PasteListing.NextCursor"/> of the page before; null for the first page.</param>
public sealed record ListPastesQuery(string? Requester, string? Cursor = null, int Limit = ListPastesQuery.DefaultLimit) : IQuery<PasteListing>
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

/// <param name="NextCursor">Where the next page starts; null when this page is the last.</param>
public sealed record PasteListing(IReadOnlyList<PasteMetadata> Pastes, string? NextCursor);

public sealed class ListPastesValidator : AbstractValidator<ListPastesQuery>
{
    public static readonly string LimitMessage = string.Create(CultureInfo.InvariantCulture, $"limit must be a whole number from 1 to {ListPastesQuery.MaxLimit}");
    public const string CursorMessage = "Invalid cursor: take it from the next link of the page before";

    public ListPastesValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListPastesQuery.MaxLimit).WithMessage(LimitMessage);
        RuleFor(q => q.Cursor).Must(cursor => cursor is null || PasteCursor.Decode(cursor) is not null).WithMessage(CursorMessage);
    }
}

public sealed class ListPastesHandler(
    IPasteRepository repository,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options) : IQueryHandler<ListPastesQuery, PasteListing>
{
    public async ValueTask<PasteListing> Handle(ListPastesQuery query, CancellationToken cancellationToken)
    {
        if (query.Requester is null)
        {
            throw new AuthenticationRequiredException();
        }

        var expiry = options.Value.Expiry;
        var after = query.Cursor is null ? null : PasteCursor.Decode(query.Cursor);

        // One paste more than the page holds tells whether another page follows, so the last page never links to an empty one.
        var pastes = await repository.ListOwnedAsync(query.Requester, timeProvider.GetUtcNow(), expiry, after, query.Limit + 1, cancellationToken);
        var page = pastes.Take(query.Limit).Select(paste => PasteMetadata.From(paste, expiry)).ToList();
        return new PasteListing(page, pastes.Count > query.Limit ? PasteCursor.After(page[^1]).Encode() : null);
    }
}
