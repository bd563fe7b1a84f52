using Mediator;
using Paste.Application.Common;

namespace Paste.Application.Health;

public sealed record GetHealthQuery : IQuery<HealthReport>;

public sealed record HealthReport(bool DatabaseHealthy);

public sealed class GetHealthHandler(IDatabaseHealthProbe probe) : IQueryHandler<GetHealthQuery, HealthReport>
{
    public async ValueTask<HealthReport> Handle(GetHealthQuery query, CancellationToken cancellationToken) =>
        new(await probe.IsHealthyAsync(cancellationToken));
}
