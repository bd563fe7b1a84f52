using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paste.Infrastructure.Persistence;

namespace Paste.Infrastructure.Health;

/// <summary>
/// The database answers and holds the paste tables (checked on every health request, on a kept connection), and has
/// room for writes.
/// </summary>
internal sealed class DatabaseHealthCheck(SqliteReadConnections reads, SqliteWriter writer) : IHealthCheck
{
    public const string Name = "database";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Touches the schema, not just the file: a database without our tables cannot serve a paste.
            reads.Read(connection => connection.Statement("""SELECT EXISTS (SELECT 1 FROM "Pastes")""").ExecuteScalar());

            // Reads still work on a full store; it is degraded, not down, until a write succeeds again.
            return Task.FromResult(writer.IsFull
                ? HealthCheckResult.Degraded("The database is full: writes are refused until space is freed")
                : HealthCheckResult.Healthy());
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException or IOException)
        {
            // The health check service logs an unhealthy result with its exception.
            return Task.FromResult(HealthCheckResult.Unhealthy("The database cannot be read", exception));
        }
    }
}
