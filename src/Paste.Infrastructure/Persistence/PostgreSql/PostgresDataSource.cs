using Microsoft.Extensions.Logging;
using Npgsql;

namespace Paste.Infrastructure.Persistence.PostgreSql;

internal static class PostgresDataSource
{
    /// <summary>
    /// The service's one pool of connections. Unless the connection string says otherwise, the statements used most
    /// are prepared once per connection, as SQLite's kept connections keep theirs compiled.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, ILoggerFactory loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        builder.UseLoggerFactory(loggerFactory);
        return builder.Build();
    }
}
