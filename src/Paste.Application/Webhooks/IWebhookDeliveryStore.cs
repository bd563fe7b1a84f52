using Paste.Domain.Webhooks;

namespace Paste.Application.Webhooks;

public interface IWebhookDeliveryStore
{
    Task<WebhookDelivery?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Pending deliveries whose next attempt is due: the oldest few of each receiver, so that one receiver's
    /// backlog never hides another receiver's work.
    /// </summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDueAsync(DateTimeOffset now, int perReceiver, CancellationToken cancellationToken);

    /// <summary>When the earliest pending delivery falls due; null when nothing is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookDelivery>> ListUndeliveredAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookDelivery>> ListDeadAsync(CancellationToken cancellationToken);

    Task UpdateAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    Task UpdateAsync(IReadOnlyCollection<WebhookDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>Deletes delivered deliveries finished before the cutoff; dead ones stay for the operator.</summary>
    Task<int> DeleteDeliveredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
