using Npgsql;
using Paste.Application.Common;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// Which client addresses were logged as new, and when, in one table every instance shares: one upsert decides which
/// instance logs an address, once per window across all of them. Rows older than the window are deleted in batches.
/// </summary>
internal sealed class PostgresClientAddressLog(PostgresCounters counters, TimeProvider timeProvider) : IClientAddressLog
{
    private const int PruneBatch = 1000;

    private readonly NpgsqlDataSource dataSource = counters.DataSource;
    private readonly PruneSchedule prune = new(timeProvider);

    public async ValueTask<bool> TryMarkNewAsync(string address, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        if (prune.TakeTurn())
        {
            await using var delete = dataSource.CreateCommand(
                """DELETE FROM "ClientAddresses" WHERE "Address" IN (SELECT "Address" FROM "ClientAddresses" WHERE "LoggedAt" <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)""");
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (now - window).ToUnixTimeMilliseconds() });
            delete.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PruneBatch });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var mark = dataSource.CreateCommand(
            """
            INSERT INTO "ClientAddresses" ("Address", "LoggedAt") VALUES ($1, $2)
            ON CONFLICT ("Address") DO UPDATE SET "LoggedAt" = excluded."LoggedAt" WHERE "ClientAddresses"."LoggedAt" <= $3
            """);
        mark.Parameters.Add(new NpgsqlParameter<string> { TypedValue = address });
        mark.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() });
        mark.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (now - window).ToUnixTimeMilliseconds() });
        return await mark.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
