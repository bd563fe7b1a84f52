using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

public sealed record GetPasteMetadataQuery(string Id) : IQuery<PasteMetadata>;

public sealed class GetPasteMetadataValidator : AbstractValidator<GetPasteMetadataQuery>
{
    public GetPasteMetadataValidator() => RuleFor(q => q.Id).MustBeWellFormedPasteId();
}

public sealed class GetPasteMetadataHandler(
    IPasteRepository repository,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options) : IQueryHandler<GetPasteMetadataQuery, PasteMetadata>
{
    public async ValueTask<PasteMetadata> Handle(GetPasteMetadataQuery query, CancellationToken cancellationToken)
    {
        var expiry = options.Value.Expiry;
        var paste = await repository.FindForReadAsync(query.Id, timeProvider.GetUtcNow(), expiry, cancellationToken);
        return PasteMetadata.From(paste, expiry);
    }
}
