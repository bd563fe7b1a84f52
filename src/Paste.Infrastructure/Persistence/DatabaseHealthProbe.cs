using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Paste.Application.Common;

namespace Paste.Infrastructure.Persistence;

internal sealed class DatabaseHealthProbe(SqliteReadConnections reads, ILogger<DatabaseHealthProbe> logger) : IDatabaseHealthProbe
{
    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Touches the schema, not just the file: a database without our tables cannot serve a paste.
            reads.Read(connection => connection.Statement("""SELECT EXISTS (SELECT 1 FROM "Pastes")""").ExecuteScalar());
            return Task.FromResult(true);
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException or IOException)
        {
            logger.LogError(exception, "Database health check failed");
            return Task.FromResult(false);
        }
    }
}
