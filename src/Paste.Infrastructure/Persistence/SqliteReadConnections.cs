using System.Collections.Concurrent;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Connections kept open for short reads, each keeping its compiled statements. Opening a connection and compiling
/// a statement cost more than the point read itself; a kept connection pays for both once. A connection serves one
/// read at a time, and one whose read failed is closed rather than lent again.
/// </summary>
internal sealed class SqliteReadConnections(SqliteConnectionSetup setup) : IDisposable
{
    /// <summary>More idle connections than reads that run at once would only hold file handles and page caches.</summary>
    private const int MaxIdle = 64;

    private readonly ConcurrentBag<SqliteReadConnection> idle = [];
    private volatile bool disposed;

    /// <summary>Runs <paramref name="read"/> on a kept connection; the read must be done with it when it returns.</summary>
    public T Read<T>(Func<SqliteReadConnection, T> read)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var connection = idle.TryTake(out var kept) ? kept : new SqliteReadConnection(setup.Open());
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
