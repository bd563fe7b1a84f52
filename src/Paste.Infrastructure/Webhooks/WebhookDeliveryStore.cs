using Microsoft.EntityFrameworkCore;
using Paste.Application.Webhooks;
using Paste.Domain.Webhooks;
using Paste.Infrastructure.Persistence;
using Paste.Infrastructure.Persistence.Configurations;

namespace Paste.Infrastructure.Webhooks;

internal sealed class WebhookDeliveryStore(PasteDbContext db, ITrackedWrites writer, IDeliveryLeases leases) : IWebhookDeliveryStore
{
    public Task<WebhookDelivery?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);

    public async Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTimeOffset now, int perReceiver, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var leased = await leases.LeaseDueAsync(now, perReceiver, leaseUntil, cancellationToken);
        return leased.Count == 0
            ? []
            : await db.WebhookDeliveries.AsNoTracking().Where(d => leased.Contains(d.Id)).OrderBy(d => d.NextAttemptAt).ToListAsync(cancellationToken);
    }

    public Task ReleaseAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        writer.WriteAloneAsync(
            () => db.WebhookDeliveries
                .Where(d => ids.Contains(d.Id))
                .ExecuteUpdateAsync(update => update.SetProperty(d => EF.Property<DateTimeOffset?>(d, WebhookDeliveryConfiguration.LeasedUntil), (DateTimeOffset?)null), cancellationToken),
            cancellationToken);

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) =>
        await db.WebhookDeliveries
            .Where(d => d.Status == WebhookDeliveryStatus.Pending)
            .Select(d => EF.Property<DateTimeOffset?>(d, WebhookDeliveryConfiguration.LeasedUntil) > d.NextAttemptAt
                ? EF.Property<DateTimeOffset?>(d, WebhookDeliveryConfiguration.LeasedUntil)
                : (DateTimeOffset?)d.NextAttemptAt)
            .OrderBy(due => due)
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

                    // A recorded attempt ends the lease: a retry falls due at its own time, for any dispatcher.
                    db.Entry(delivery).Property(WebhookDeliveryConfiguration.LeasedUntil).CurrentValue = null;
                }

                try
                {
                    return await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateConcurrencyException)
                {
                    // The attempt outlasted its lease and another dispatcher leased the delivery: the outcome of that
                    // dispatcher's attempt is the one recorded, not this late one.
                    return 0;
                }
            },
            cancellationToken);
}
