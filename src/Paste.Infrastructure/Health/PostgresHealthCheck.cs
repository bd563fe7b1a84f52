using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Paste.Infrastructure.Health;

/// <summary>The database answers and holds the paste tables (checked on every health request, on a pooled connection).</summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Touches the schema, not just the server: a database without our tables cannot serve a paste.
            await using var probe = dataSource.CreateCommand("""SELECT EXISTS (SELECT 1 FROM "Pastes")""");
            await probe.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The health check service logs an unhealthy result with its exception.
            return HealthCheckResult.Unhealthy("The database cannot be read", exception);
        }
    }
}
