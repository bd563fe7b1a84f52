using Mediator;
using Paste.Domain.Webhooks;

namespace Paste.Application.Webhooks;

/// <summary>What an operator needs to see: every delivery not yet delivered, pending or dead.</summary>
public sealed record GetWebhookDeliveriesQuery : IQuery<WebhookDeliveriesReport>;

public sealed record WebhookDeliveriesReport(int Pending, int Dead, IReadOnlyList<WebhookDeliverySummary> Deliveries);

public sealed record WebhookDeliverySummary(
    Guid Id, string EventId, string Url, WebhookDeliveryStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, string? LastError);

public sealed class GetWebhookDeliveriesHandler(IWebhookDeliveryStore store) : IQueryHandler<GetWebhookDeliveriesQuery, WebhookDeliveriesReport>
{
    public async ValueTask<WebhookDeliveriesReport> Handle(GetWebhookDeliveriesQuery query, CancellationToken cancellationToken)
    {
        var undelivered = await store.ListUndeliveredAsync(cancellationToken);
        var summaries = undelivered
            .Select(d => new WebhookDeliverySummary(d.Id, d.EventId, d.Url, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.LastError))
            .ToList();
        return new WebhookDeliveriesReport(
            summaries.Count(d => d.Status == WebhookDeliveryStatus.Pending),
            summaries.Count(d => d.Status == WebhookDeliveryStatus.Dead),
            summaries);
    }
}
