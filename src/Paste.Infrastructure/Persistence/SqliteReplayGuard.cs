using Paste.Application.Clients;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Accepted signatures and nonces in the database, so that a request refused as a replay stays refused after a
/// restart. Each token is a write of the group-committing writer, shared with the writes of the same moment: the call
/// returns once the token is durable, before the request is acted on. Tokens past their time are deleted in batches
/// within such a write, once a minute or, while a batch comes back full, on the next write; one still in the table
/// but past its time is accepted again, as the time check would refuse its request anyway.
/// </summary>
internal sealed class SqliteReplayGuard(SqliteWriter writer, TimeProvider timeProvider) : IReplayGuard
{
    private const int PruneBatch = 1000;

    private readonly PruneSchedule prune = new(timeProvider);

    public async ValueTask<bool> TryAcceptAsync(string keyId, ReadOnlyMemory<byte> token, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var pruneNow = prune.TakeTurn();
        var key = keyId + ":" + Convert.ToBase64String(token.Span);
        return await writer.WriteAsync(
            transaction =>
            {
                if (pruneNow)
                {
                    using var expired = transaction.Command(
                        """DELETE FROM "ReplayTokens" WHERE "Token" IN (SELECT "Token" FROM "ReplayTokens" WHERE "RememberUntil" < $now LIMIT $batch)""");
                    expired.Parameters.AddWithValue("$now", now);
                    expired.Parameters.AddWithValue("$batch", PruneBatch);
                    if (expired.ExecuteNonQuery() == PruneBatch)
                    {
                        prune.SweepAgainNext();
                    }
                }

                using var accept = transaction.Command(
                    """
                    INSERT INTO "ReplayTokens" ("Token", "RememberUntil") VALUES ($token, $until)
                    ON CONFLICT ("Token") DO UPDATE SET "RememberUntil" = excluded."RememberUntil" WHERE "ReplayTokens"."RememberUntil" < $now
                    """);
                accept.Parameters.AddWithValue("$token", key);
                accept.Parameters.AddWithValue("$until", rememberUntil.ToUnixTimeMilliseconds());
                accept.Parameters.AddWithValue("$now", now);
                return accept.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }
}
