using Microsoft.EntityFrameworkCore;
using Paste.Application.Webhooks;
using Paste.Domain.Webhooks;
using Paste.Infrastructure.Persistence;

namespace Paste.Infrastructure.Webhooks;

internal sealed class WebhookDeliveryStore(PasteDbContext db, SqliteWriter writer) : IWebhookDeliveryStore
{
    public Task<WebhookDelivery?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);

    public async Task<IReadOnlyList<WebhookDelivery>> ListDueAsync(DateTimeOffset now, int perReceiver, CancellationToken cancellationToken)
    {
        var due = db.WebhookDeliveries.AsNoTracking().Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now);
        var receivers = await due.Select(d => d.Url).Distinct().ToListAsync(cancellationToken);
        var deliveries = new List<WebhookDelivery>();
        foreach (var receiver in receivers)
        {
            deliveries.AddRange(await due.Where(d => d.Url == receiver).OrderBy(d => d.NextAttemptAt).Take(perReceiver).ToListAsync(cancellationToken));
        }

        return deliveries;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) =>
        await db.WebhookDeliveries
            .Where(d => d.Status == WebhookDeliveryStatus.Pending)
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => (DateTimeOffset?)d.NextAttemptAt)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<WebhookDelivery>> ListUndeliveredAsync(CancellationToken cancellationToken) =>
        await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status != WebhookDeliveryStatus.Delivered)
            .OrderBy(d => d.CreatedAt)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<WebhookDelivery>> ListDeadAsync(CancellationToken cancellationToken) =>
        await db.WebhookDeliveries
            .Where(d => d.Status == WebhookDeliveryStatus.Dead)
            .ToListAsync(cancellationToken);

    public Task UpdateAsync(WebhookDelivery delivery, CancellationToken cancellationToken) => UpdateAsync([delivery], cancellationToken);

    public Task<int> DeleteDeliveredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        writer.WriteAloneAsync(
            () => db.WebhookDeliveries
                .Where(d => d.Status == WebhookDeliveryStatus.Delivered && d.DeliveredAt < cutoff)
                .ExecuteDeleteAsync(cancellationToken),
            cancellationToken);

    public Task UpdateAsync(IReadOnlyCollection<WebhookDelivery> deliveries, CancellationToken cancellationToken) =>
        writer.WriteAloneAsync(
            async () =>
            {
                foreach (var delivery in deliveries)
                {
                    if (db.Entry(delivery).State == EntityState.Detached)
                    {
                        db.WebhookDeliveries.Update(delivery);
                    }
                }

                return await db.SaveChangesAsync(cancellationToken);
            },
            cancellationToken);
}
