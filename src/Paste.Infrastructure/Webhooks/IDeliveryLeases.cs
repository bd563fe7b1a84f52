namespace Paste.Infrastructure.Webhooks;

/// <summary>Takes due deliveries for one dispatcher, atomically, in the way each database allows.</summary>
internal interface IDeliveryLeases
{
    /// <summary>The ids of the deliveries now leased until <paramref name="leaseUntil"/>; see IWebhookDeliveryStore.LeaseDueAsync.</summary>
    Task<IReadOnlyList<Guid>> LeaseDueAsync(DateTimeOffset now, int perReceiver, DateTimeOffset leaseUntil, CancellationToken cancellationToken);
}
