using System.Collections.Concurrent;
using Paste.Application.Clients;

namespace Paste.Infrastructure.Clients;

/// <summary>
/// Accepted signatures and nonces, held in memory until their request falls out of its time window. One instance
/// serves one process; that is enough on SQLite, where the service runs as a single process on its database
/// (<see cref="Persistence.PostgreSql.PostgresReplayGuard"/> serves every instance on PostgreSQL).
/// </summary>
internal sealed class MemoryReplayGuard(TimeProvider timeProvider) : IReplayGuard
{
    private const int PruneThreshold = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> accepted = new(StringComparer.Ordinal);

    public ValueTask<bool> TryAcceptAsync(string keyId, ReadOnlyMemory<byte> token, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (accepted.Count >= PruneThreshold)
        {
            foreach (var (key, until) in accepted)
            {
                if (until < now)
                {
                    accepted.TryRemove(key, out _);
                }
            }
        }

        // A request that carries the same token carries the same time, so an entry pruned after its expiry could not pass the time check again.
        return ValueTask.FromResult(accepted.TryAdd(keyId + ":" + Convert.ToBase64String(token.Span), rememberUntil));
    }
}
