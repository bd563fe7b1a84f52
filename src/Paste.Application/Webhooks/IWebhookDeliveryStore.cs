using Paste.Domain.Webhooks;

namespace Paste.Application.Webhooks;

public interface IWebhookDeliveryStore
{
    Task<WebhookDelivery?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Leases pending deliveries whose next attempt is due and that no dispatcher holds: the oldest few of each
    /// receiver, so that one receiver's backlog never hides another receiver's work. Until <paramref name="leaseUntil"/>,
    /// or until its attempt is recorded or it is released, no other dispatcher (in this process or another) gets one.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> LeaseDueAsync(DateTimeOffset now, int perReceiver, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Gives leased deliveries back unattempted, due again for any dispatcher.</summary>
    Task ReleaseAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>When the earliest pending delivery falls due (or its lease ends); null when nothing is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookDelivery>> ListUndeliveredAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookDelivery>> ListDeadAsync(CancellationToken cancellationToken);

    Task UpdateAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    Task UpdateAsync(IReadOnlyCollection<WebhookDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>Deletes delivered deliveries finished before the cutoff; dead ones stay for the operator.</summary>
    Task<int> DeleteDeliveredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
