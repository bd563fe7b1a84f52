using Mediator;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <summary>How much is stored, for the operators' metrics.</summary>
public sealed record GetStoredTotalsQuery : IQuery<StoredTotals>;

public sealed class GetStoredTotalsHandler(IPasteRepository repository) : IQueryHandler<GetStoredTotalsQuery, StoredTotals>
{
    public async ValueTask<StoredTotals> Handle(GetStoredTotalsQuery query, CancellationToken cancellationToken) =>
        await repository.GetTotalsAsync(cancellationToken);
}
