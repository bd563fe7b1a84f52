using Npgsql;
using Paste.Application.Clients;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// Accepted signatures and nonces in one table that every instance shares: the primary key accepts a token once
/// across all of them. Tokens past their time are deleted in batches, once a minute per instance or, while a batch
/// comes back full, on the instance's next call; one still in the table but past its time is accepted again, as the
/// time check would refuse its request anyway.
/// </summary>
internal sealed class PostgresReplayGuard(NpgsqlDataSource dataSource, TimeProvider timeProvider) : IReplayGuard
{
    private const int PruneBatch = 1000;

    private readonly PruneSchedule prune = new(timeProvider);

    public async ValueTask<bool> TryAcceptAsync(string keyId, ReadOnlyMemory<byte> token, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (prune.TakeTurn())
        {
            await using var expired = dataSource.CreateCommand(
                """DELETE FROM "ReplayTokens" WHERE "Token" IN (SELECT "Token" FROM "ReplayTokens" WHERE "RememberUntil" < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)""");
            expired.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now });
            expired.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PruneBatch });
            if (await expired.ExecuteNonQueryAsync(cancellationToken) == PruneBatch)
            {
                prune.SweepAgainNext();
            }
        }

        await using var accept = dataSource.CreateCommand(
            """
            INSERT INTO "ReplayTokens" ("Token", "RememberUntil") VALUES ($1, $2)
            ON CONFLICT ("Token") DO UPDATE SET "RememberUntil" = excluded."RememberUntil" WHERE "ReplayTokens"."RememberUntil" < $3
            """);
        accept.Parameters.Add(new NpgsqlParameter<string> { TypedValue = keyId + ":" + Convert.ToBase64String(token.Span) });
        accept.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rememberUntil.ToUnixTimeMilliseconds() });
        accept.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now });
        return await accept.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
