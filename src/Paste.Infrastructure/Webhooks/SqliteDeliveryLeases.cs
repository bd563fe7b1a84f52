using Paste.Domain.Webhooks;
using Paste.Infrastructure.Persistence;

namespace Paste.Infrastructure.Webhooks;

/// <summary>SQLite's one writer makes choosing and leasing one step: nothing else writes in between.</summary>
internal sealed class SqliteDeliveryLeases(SqliteWriter writer) : IDeliveryLeases
{
    public Task<IReadOnlyList<Guid>> LeaseDueAsync(DateTimeOffset now, int perReceiver, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        writer.WriteAsync<IReadOnlyList<Guid>>(
            transaction =>
            {
                using var lease = transaction.Command(
                    """
                    UPDATE "WebhookDeliveries" SET "LeasedUntil" = $until
                    WHERE "Id" IN (
                        SELECT "Id" FROM (
                            SELECT "Id", row_number() OVER (PARTITION BY "Url" ORDER BY "NextAttemptAt", "Id") AS "Rank"
                            FROM "WebhookDeliveries"
                            WHERE "Status" = $pending AND "NextAttemptAt" <= $now AND ("LeasedUntil" IS NULL OR "LeasedUntil" <= $now))
                        WHERE "Rank" <= $perReceiver)
                    RETURNING "Id"
                    """);
                lease.Parameters.AddWithValue("$until", leaseUntil.ToUnixTimeMilliseconds());
                lease.Parameters.AddWithValue("$pending", (int)WebhookDeliveryStatus.Pending);
                lease.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                lease.Parameters.AddWithValue("$perReceiver", perReceiver);
                using var reader = lease.ExecuteReader();
                var ids = new List<Guid>();
                while (reader.Read())
                {
                    ids.Add(Guid.Parse(reader.GetString(0)));
                }

                return ids;
            },
            cancellationToken);
}
