using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <param name="HeadersOnly">The caller wants to know about the content without receiving it (HEAD).</param>
/// <param name="HeldSha256">
/// Versions of the content the caller already holds (hex SHA-256, or <see cref="GetPasteContentHandler.AnyVersion"/>);
/// when the paste's is among them, its content is not sent again. Ignored for a view-limited paste.
/// </param>
public sealed record GetPasteContentQuery(string Id, bool HeadersOnly = false, IReadOnlyCollection<string>? HeldSha256 = null) : IQuery<PasteContent>;

/// <summary>
/// The paste's metadata and an open stream over its bytes, which the caller disposes; no stream when the caller asked
/// for headers only or already holds this content.
/// </summary>
/// <param name="Held">The caller already holds this content, whether it asked for it or for headers only.</param>
public sealed record PasteContent(PasteMetadata Metadata, Stream? Content, bool Held = false);

public sealed class GetPasteContentValidator : AbstractValidator<GetPasteContentQuery>
{
    public GetPasteContentValidator() => RuleFor(q => q.Id).MustBeWellFormedPasteId();
}

/// <summary>
/// A content read. Of a view-limited paste it takes one of the allowed reads, atomically, and the last one deletes the
/// paste; asking for headers only takes none, so link previews cannot burn a paste, and reads the metadata alone. Asking for content the caller
/// already holds takes none either, except of a view-limited paste: a match would confirm a guess of its content
/// without spending a read, so every request for its content spends one, whatever the caller says it holds.
/// </summary>
public sealed class GetPasteContentHandler(
    IPasteRepository repository,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options,
    PasteMetrics metrics) : IQueryHandler<GetPasteContentQuery, PasteContent>
{
    /// <summary>Held by a caller that has some version of the content, whichever it is.</summary>
    public const string AnyVersion = "*";

    public async ValueTask<PasteContent> Handle(GetPasteContentQuery query, CancellationToken cancellationToken)
    {
        var expiry = options.Value.Expiry;
        var now = timeProvider.GetUtcNow();
        if (query.HeadersOnly || query.HeldSha256 is { Count: > 0 })
        {
            // Metadata alone answers these, so the content is not opened (nor a read transaction begun) to answer
            // them; content the caller turns out not to hold is opened below.
            var metadata = PasteMetadata.From(await repository.FindForReadAsync(query.Id, now, expiry, cancellationToken), expiry);
            var held = Holds(query, metadata);
            if (query.HeadersOnly || held)
            {
                return new PasteContent(metadata, null, held);
            }
        }

        var opened = await repository.OpenForReadAsync(query.Id, now, expiry, cancellationToken);
        var read = PasteMetadata.From(opened.Paste, expiry);
        if (read.ViewsLeft is null)
        {
            return new PasteContent(read, opened.Content);
        }

        // The content is already open on a snapshot taken before this read was counted, so it is served whole even
        // when this read deletes the paste.
        if (await repository.TakeViewAsync(query.Id, cancellationToken) is { } viewsLeft)
        {
            if (viewsLeft == 0)
            {
                metrics.PastesDeleted("views", 1);
            }

            return new PasteContent(read with { ViewsLeft = viewsLeft }, opened.Content);
        }

        await opened.Content.DisposeAsync();
        throw new NotFoundException();
    }

    private static bool Holds(GetPasteContentQuery query, PasteMetadata metadata) =>
        metadata.ViewsLeft is null && query.HeldSha256?.Any(held => held == AnyVersion || string.Equals(held, metadata.Sha256, StringComparison.OrdinalIgnoreCase)) == true;
}
