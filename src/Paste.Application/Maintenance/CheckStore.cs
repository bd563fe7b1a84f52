using Mediator;

namespace Paste.Application.Maintenance;

public sealed record CheckStoreQuery : IQuery<StoreCheck>;

public sealed class CheckStoreHandler(IStoreMaintenance maintenance) : IQueryHandler<CheckStoreQuery, StoreCheck>
{
    public async ValueTask<StoreCheck> Handle(CheckStoreQuery query, CancellationToken cancellationToken) =>
        await maintenance.CheckAsync(cancellationToken);
}
