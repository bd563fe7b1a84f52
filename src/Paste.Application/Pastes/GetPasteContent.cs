using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

public sealed record GetPasteContentQuery(string Id) : IQuery<PasteContent>;

/// <summary>The paste's metadata and an open stream over its bytes; the caller disposes the stream.</summary>
public sealed record PasteContent(PasteMetadata Metadata, Stream Content);

public sealed class GetPasteContentValidator : AbstractValidator<GetPasteContentQuery>
{
    public GetPasteContentValidator() => RuleFor(q => q.Id).MustBeWellFormedPasteId();
}

public sealed class GetPasteContentHandler(
    IPasteRepository repository,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options) : IQueryHandler<GetPasteContentQuery, PasteContent>
{
    public async ValueTask<PasteContent> Handle(GetPasteContentQuery query, CancellationToken cancellationToken)
    {
        var expiry = options.Value.Expiry;
        var opened = await repository.OpenForReadAsync(query.Id, timeProvider.GetUtcNow(), expiry, cancellationToken);
        return new PasteContent(PasteMetadata.From(opened.Paste, expiry), opened.Content);
    }
}
