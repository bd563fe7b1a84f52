using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Paste.Application.Common;

namespace Paste.Infrastructure.Persistence;

internal sealed class DatabaseHealthProbe(SqliteConnectionString connectionString, ILogger<DatabaseHealthProbe> logger) : IDatabaseHealthProbe
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Touches the schema, not just the file: a database without our tables cannot serve a paste.
            await using var connection = new SqliteConnection(connectionString.Value);
            await connection.OpenAsync(cancellationToken);
            await using var probe = connection.CreateCommand();
            probe.CommandText = """SELECT EXISTS (SELECT 1 FROM "Pastes")""";
            await probe.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException or IOException)
        {
            logger.LogError(exception, "Database health check failed");
            return false;
        }
    }
}
