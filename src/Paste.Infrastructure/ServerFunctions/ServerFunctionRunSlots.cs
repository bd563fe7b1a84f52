using Paste.Application.ServerFunctions;

namespace Paste.Infrastructure.ServerFunctions;

/// <summary>The runs of this process: each instance bounds its own, as each starts its own child processes.</summary>
internal sealed class ServerFunctionRunSlots : IServerFunctionRunSlots
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> runsByClient = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> runsByFunction = new(StringComparer.Ordinal);

    public IDisposable? TryTake(string client, int maxPerClient, string functionName, int maxPerFunction)
    {
        lock (gate)
        {
            if (runsByClient.GetValueOrDefault(client) >= maxPerClient || runsByFunction.GetValueOrDefault(functionName) >= maxPerFunction)
            {
                return null;
            }

            runsByClient[client] = runsByClient.GetValueOrDefault(client) + 1;
            runsByFunction[functionName] = runsByFunction.GetValueOrDefault(functionName) + 1;
        }

        return new Slot(this, client, functionName);
    }

    private void Release(string client, string function)
    {
        lock (gate)
        {
            Decrement(runsByClient, client);
            Decrement(runsByFunction, function);
        }
    }

    /// <summary>A count that reaches zero goes, so that the clients and functions seen once are not kept for ever.</summary>
    private static void Decrement(Dictionary<string, int> runs, string key)
    {
        if (--runs[key] == 0)
        {
            runs.Remove(key);
        }
    }

    private sealed class Slot(ServerFunctionRunSlots slots, string client, string function) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                slots.Release(client, function);
            }
        }
    }
}
