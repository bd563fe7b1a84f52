using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Connections kept open for short reads, each keeping its compiled statements. Opening a connection and compiling
/// a statement cost more than the point read itself; a kept connection pays for both once. A connection serves one
/// read at a time, and one whose read failed is closed rather than lent again.
/// </summary>
public sealed class SqliteReadConnections(SqliteConnectionString connectionString) : IDisposable
{
    /// <summary>More idle connections than reads that run at once would only hold file handles and page caches.</summary>
    private const int MaxIdle = 64;

    private readonly ConcurrentBag<SqliteReadConnection> idle = [];
    private volatile bool disposed;

    /// <summary>Runs <paramref name="read"/> on a kept connection; the read must be done with it when it returns.</summary>
    public T Read<T>(Func<SqliteReadConnection, T> read)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var connection = idle.TryTake(out var kept) ? kept : SqliteReadConnection.Open(connectionString.Value);
        T result;
        try
        {
            result = read(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        if (disposed || idle.Count >= MaxIdle)
        {
            connection.Dispose();
        }
        else
        {
            idle.Add(connection);
        }

        return result;
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }
}

/// <summary>An open connection that compiles each statement once and reuses it for every later read.</summary>
public sealed class SqliteReadConnection : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, SqliteCommand> statements = new(StringComparer.Ordinal);

    private SqliteReadConnection(SqliteConnection connection) => this.connection = connection;

    public static SqliteReadConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            SqliteConnectionSetup.Apply(connection);
            return new SqliteReadConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The compiled statement for <paramref name="sql"/>, with no parameters bound yet.</summary>
    public SqliteCommand Statement(string sql)
    {
        if (statements.TryGetValue(sql, out var statement))
        {
            statement.Parameters.Clear();
            return statement;
        }

        statement = connection.CreateCommand();
        statement.CommandText = sql;
        statements.Add(sql, statement);
        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in statements.Values)
        {
            statement.Dispose();
        }

        connection.Dispose();
    }
}
