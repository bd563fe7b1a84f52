using Npgsql;
using Paste.Domain.Webhooks;

namespace Paste.Infrastructure.Webhooks;

/// <summary>
/// Every instance's dispatcher leases from the same outbox: rows another dispatcher is leasing at this moment are
/// skipped, not waited for, and the update checks the lease again, so two dispatchers never hold the same delivery.
/// </summary>
internal sealed class PostgresDeliveryLeases(NpgsqlDataSource dataSource) : IDeliveryLeases
{
    public async Task<IReadOnlyList<Guid>> LeaseDueAsync(DateTimeOffset now, int perReceiver, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var lease = dataSource.CreateCommand(
            """
            WITH due AS (
                SELECT "Id" FROM (
                    SELECT "Id", row_number() OVER (PARTITION BY "Url" ORDER BY "NextAttemptAt", "Id") AS "Rank"
                    FROM "WebhookDeliveries"
                    WHERE "Status" = $1 AND "NextAttemptAt" <= $2 AND ("LeasedUntil" IS NULL OR "LeasedUntil" <= $2)) AS ranked
                WHERE "Rank" <= $3),
            held AS (
                SELECT d."Id" FROM "WebhookDeliveries" AS d WHERE d."Id" IN (SELECT "Id" FROM due)
                FOR UPDATE SKIP LOCKED)
            UPDATE "WebhookDeliveries" AS d SET "LeasedUntil" = $4
            FROM held
            WHERE d."Id" = held."Id" AND d."Status" = $1 AND (d."LeasedUntil" IS NULL OR d."LeasedUntil" <= $2)
            RETURNING d."Id"
            """);
        lease.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)WebhookDeliveryStatus.Pending });
        lease.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() });
        lease.Parameters.Add(new NpgsqlParameter<int> { TypedValue = perReceiver });
        lease.Parameters.Add(new NpgsqlParameter<long> { TypedValue = leaseUntil.ToUnixTimeMilliseconds() });
        await using var reader = await lease.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
