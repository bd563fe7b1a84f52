using Npgsql;
using Paste.Application.Common;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// Rate-limit windows in one table that every instance counts in. A request is one upsert per window, refused on the
/// row it locks, so that concurrent requests on any instance can never pass a limit together. A policy of one window
/// (the defaults) costs one statement; with several, they share a transaction that is rolled back when one refuses, so
/// a refusal costs no window a permit. Rows of windows that ended are deleted in batches, at most once a minute.
/// </summary>
internal sealed class PostgresRateWindows(PostgresCounters counters, TimeProvider timeProvider) : ISharedRateWindows
{
    private const int PruneBatch = 1000;

    private const string Take = """
        INSERT INTO "RateWindows" ("Key", "WindowEnd", "Count", "Permits")
        SELECT * FROM unnest($1::text[], $2::bigint[], array_fill(1, ARRAY[cardinality($1::text[])]), $3::int[])
        ON CONFLICT ("Key") DO UPDATE SET
            "Count" = CASE WHEN "RateWindows"."WindowEnd" = excluded."WindowEnd" THEN "RateWindows"."Count" + 1 ELSE 1 END,
            "WindowEnd" = excluded."WindowEnd",
            "Permits" = excluded."Permits"
        WHERE "RateWindows"."WindowEnd" <> excluded."WindowEnd" OR "RateWindows"."Count" < excluded."Permits"
        RETURNING "Key"
        """;

    private readonly NpgsqlDataSource dataSource = counters.DataSource;
    private readonly PruneSchedule prune = new(timeProvider);

    public async ValueTask<RateWindowRefusal?> TryTakeAsync(string key, IReadOnlyList<RateWindowLimit> windows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (prune.TakeTurn())
        {
            await PruneAsync(now, cancellationToken);
        }

        var keys = windows.Select((window, index) => WindowKey(key, index, window)).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = windows.Count > 1 ? await connection.BeginTransactionAsync(cancellationToken) : null;
        await using var take = new NpgsqlCommand(Take, connection, transaction);
        take.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
        take.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. windows.Select(window => WindowEnd(window, now))] });
        take.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. windows.Select(window => window.Permits)] });
        var admitted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await take.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                admitted.Add(reader.GetString(0));
            }
        }

        if (admitted.Count == keys.Length)
        {
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return null;
        }

        // Windows are shortest first: the last one that refused refills last, and its wait is the one worth telling.
        var refused = Array.FindLastIndex(keys, windowKey => !admitted.Contains(windowKey));
        return new RateWindowRefusal(refused, DateTimeOffset.FromUnixTimeMilliseconds(WindowEnd(windows[refused], now)) - now);
    }

    public async ValueTask<IReadOnlyList<long>> RemainingAsync(string key, IReadOnlyList<RateWindowLimit> windows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = windows.Select((window, index) => WindowKey(key, index, window)).ToArray();
        await using var select = dataSource.CreateCommand("""SELECT "Key", "WindowEnd", "Count" FROM "RateWindows" WHERE "Key" = ANY($1)""");
        select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
        var used = new Dictionary<string, (long WindowEnd, int Count)>(StringComparer.Ordinal);
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                used[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt32(2));
            }
        }

        return [.. windows.Select((window, index) =>
            used.TryGetValue(keys[index], out var row) && row.WindowEnd == WindowEnd(window, now)
                ? Math.Max(0L, window.Permits - row.Count)
                : window.Permits)];
    }

    /// <summary>The window's place in the policy and its length are in the key: a changed setting starts new windows.</summary>
    private static string WindowKey(string key, int index, RateWindowLimit window) =>
        $"{key}|{index}|{(long)window.Period.TotalMilliseconds}";

    /// <summary>Windows start at multiples of their length since the epoch, the same instants on every instance.</summary>
    private static long WindowEnd(RateWindowLimit window, DateTimeOffset now)
    {
        var period = Math.Max(1L, (long)window.Period.TotalMilliseconds);
        var at = now.ToUnixTimeMilliseconds();
        return (at / period * period) + period;
    }

    private async Task PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var delete = dataSource.CreateCommand(
            """DELETE FROM "RateWindows" WHERE "Key" IN (SELECT "Key" FROM "RateWindows" WHERE "WindowEnd" <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)""");
        delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() });
        delete.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PruneBatch });
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
