namespace Paste.Infrastructure.Persistence;

/// <summary>
/// SQLite allows one writer at a time. Letting writers queue here instead of inside SQLite's busy handler
/// gives the best throughput and a short, predictable tail latency; busy_timeout remains as the backstop
/// for writers outside this process (the command line, a second instance).
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
