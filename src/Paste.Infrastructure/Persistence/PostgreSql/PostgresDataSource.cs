using Microsoft.Extensions.Logging;
using Npgsql;

namespace Paste.Infrastructure.Persistence.PostgreSql;

internal static class PostgresDataSource
{
    /// <summary>Whether <paramref name="connectionString"/> is one Npgsql reads and names a server to connect to.</summary>
    public static bool NamesAServer(string? connectionString)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The service's pool of connections for everything it stores. Unless the connection string says otherwise, the
    /// statements used most are prepared once per connection, as SQLite's kept connections keep theirs compiled.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, ILoggerFactory loggerFactory) =>
        Build(new NpgsqlDataSourceBuilder(connectionString), loggerFactory);

    /// <summary>
    /// A second pool for counts that every request updates (rate-limit windows, client addresses seen): its commits do
    /// not wait for the disk. A crash can lose their last fraction of a second, which no one was promised; waiting for
    /// a flush on every request, reads included, would cost more than the request itself.
    /// </summary>
    public static PostgresCounters CreateForCounters(string connectionString, ILoggerFactory loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c synchronous_commit=off".Trim();
        builder.ConnectionStringBuilder.ApplicationName ??= "Paste counters";
        return new PostgresCounters(Build(builder, loggerFactory));
    }

    /// <summary>
    /// Opens one connection outside EF Core before EF Core uses the server: a server that is down, a wrong port or a
    /// refused login is then reported as one <see cref="StoreUnreachableException"/> naming the server, where EF Core
    /// would first log its own failure report.
    /// </summary>
    public static async Task RequireConnectionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            throw new StoreUnreachableException(PostgresMaintenance.Describe(dataSource.ConnectionString), exception);
        }
    }

    private static NpgsqlDataSource Build(NpgsqlDataSourceBuilder builder, ILoggerFactory loggerFactory)
    {
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        builder.UseLoggerFactory(loggerFactory);
        return builder.Build();
    }
}

/// <summary>The pool whose commits do not wait for the disk; see <see cref="PostgresDataSource.CreateForCounters"/>.</summary>
internal sealed record PostgresCounters(NpgsqlDataSource DataSource) : IDisposable
{
    public void Dispose() => DataSource.Dispose();
}
