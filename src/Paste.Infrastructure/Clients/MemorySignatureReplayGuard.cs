using System.Collections.Concurrent;
using Paste.Application.Clients;

namespace Paste.Infrastructure.Clients;

/// <summary>
/// Accepted signatures, held in memory until their Date falls out of the skew window. One instance serves one
/// process; that is enough because the service runs as a single process on its SQLite database.
/// </summary>
internal sealed class MemorySignatureReplayGuard(TimeProvider timeProvider) : ISignatureReplayGuard
{
    private const int PruneThreshold = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> accepted = new(StringComparer.Ordinal);

    public bool TryAccept(string keyId, ReadOnlySpan<byte> signature, DateTimeOffset rememberUntil)
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

        // An identical signature carries the identical Date, so an entry pruned after its expiry could not pass the skew check again.
        return accepted.TryAdd(keyId + ":" + Convert.ToBase64String(signature), rememberUntil);
    }
}
