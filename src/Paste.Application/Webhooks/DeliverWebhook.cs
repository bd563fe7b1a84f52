using System.Security.Cryptography;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paste.Application.Common;
using Paste.Domain.Webhooks;

namespace Paste.Application.Webhooks;

/// <summary>Makes one attempt at a pending delivery and records its outcome.</summary>
public sealed record DeliverWebhookCommand(Guid DeliveryId) : ICommand<WebhookDeliveryStatus?>;

public sealed class DeliverWebhookHandler(
    IWebhookDeliveryStore store,
    IWebhookSender sender,
    IWebhookSigner signer,
    TimeProvider timeProvider,
    IOptions<WebhookOptions> options,
    PasteMetrics metrics,
    ILogger<DeliverWebhookHandler> logger) : ICommandHandler<DeliverWebhookCommand, WebhookDeliveryStatus?>
{
    public async ValueTask<WebhookDeliveryStatus?> Handle(DeliverWebhookCommand command, CancellationToken cancellationToken)
    {
        // Only a pending delivery that is due: the dispatcher may act on a list read just before an attempt finished.
        var delivery = await store.FindAsync(command.DeliveryId, cancellationToken);
        if (delivery is not { Status: WebhookDeliveryStatus.Pending } || delivery.NextAttemptAt > timeProvider.GetUtcNow())
        {
            return delivery?.Status;
        }

        var headers = WebhookSignatures.Headers(signer, delivery.EventId, delivery.Payload, timeProvider.GetUtcNow());
        var response = await sender.SendAsync(new WebhookRequest(new Uri(delivery.Url), delivery.Payload, headers), options.Value.Timeout, cancellationToken);

        var now = timeProvider.GetUtcNow();
        if (response.Success)
        {
            delivery.RecordSuccess(now);
        }
        else
        {
            delivery.RecordFailure(now, response.Error ?? "failed", options.Value.RetryPolicy, RandomNumberGenerator.GetInt32(1_000_000) / 1_000_000d);
            if (delivery.Status == WebhookDeliveryStatus.Dead)
            {
                // Only the receiver's origin: webhook URLs often carry a token in their path.
                logger.LogWarning(
                    "Webhook delivery {DeliveryId} of event {EventId} to {Receiver} is dead after {Attempts} attempts: {Error}",
                    delivery.Id, delivery.EventId, new Uri(delivery.Url).GetLeftPart(UriPartial.Authority), delivery.Attempts, delivery.LastError);
            }
        }

        await store.UpdateAsync(delivery, cancellationToken);
        metrics.DeliveryAttempted(delivery.Status);
        return delivery.Status;
    }
}
