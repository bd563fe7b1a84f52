using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Paste.Infrastructure.Persistence;

/// <summary>Per-connection settings that SQLite does not keep in the database file.</summary>
internal sealed class SqliteConnectionSetup(SqliteConnectionString connectionString, IOptions<StorageSettings> storage) : DbConnectionInterceptor
{
    /// <summary>How long a connection waits for another writer before SQLite reports "database is locked".</summary>
    private const int BusyTimeoutMilliseconds = 5000;

    /// <summary>synchronous = FULL is SQLite's default, stated so that no build or setting trades durability for speed.</summary>
    private static readonly string Pragmas =
        $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>A connection opened outside EF Core, with the same settings as EF Core's; closed again if they cannot be set.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString.Value);
        try
        {
            connection.Open();
            Apply(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();

        var maxBytes = storage.Value.MaxDatabaseBytes;
        if (maxBytes > 0)
        {
            // The cap is counted in pages, whose size the file decides.
            command.CommandText = "PRAGMA page_size;";
            var pageSize = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            command.CommandText = $"PRAGMA max_page_count = {maxBytes / pageSize};";
            command.ExecuteNonQuery();
        }
    }
}
