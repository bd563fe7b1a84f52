using Paste.Domain.Webhooks;

namespace Paste.Application.Webhooks;

/// <summary>The service's Ed25519 key. Only the public half ever leaves it.</summary>
public interface IWebhookSigner
{
    /// <summary>The raw 32-byte public key.</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>A 64-byte Ed25519 signature over <paramref name="data"/>.</summary>
    byte[] Sign(ReadOnlySpan<byte> data);
}

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

/// <summary>One signed POST to a receiver.</summary>
public sealed record WebhookRequest(Uri Url, string Payload, IReadOnlyDictionary<string, string> Headers);

/// <summary>Success means a 2xx within the timeout; otherwise <paramref name="Error"/> says what happened.</summary>
public sealed record WebhookResponse(bool Success, string? Error);

public interface IWebhookSender
{
    Task<WebhookResponse> SendAsync(WebhookRequest request, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Wakes the dispatcher when new deliveries were committed, so they go out without waiting for a poll.</summary>
public interface IWebhookDispatchSignal
{
    void Notify();
}
