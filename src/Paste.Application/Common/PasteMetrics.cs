using System.Diagnostics.Metrics;
using Paste.Domain.Webhooks;

namespace Paste.Application.Common;

/// <summary>
/// What the use cases count for operators, as .NET metrics (the runtime's own <see cref="Meter"/>); whichever exporter
/// the host adds publishes them, Prometheus' as <c>paste_pastes_created</c> and so on (meter name, then instrument).
/// </summary>
public sealed class PasteMetrics : IDisposable
{
    public const string MeterName = "Paste";

    private readonly Counter<long> created;
    private readonly Counter<long> deleted;
    private readonly Counter<long> deliveries;

    public PasteMetrics()
    {
        created = Meter.CreateCounter<long>("pastes.created", "{paste}", "Pastes created.");
        deleted = Meter.CreateCounter<long>("pastes.deleted", "{paste}", "Pastes deleted, by reason: owner, token (a delete token), views (the last allowed read) or expired.");
        deliveries = Meter.CreateCounter<long>("webhook.deliveries", "{attempt}", "Webhook delivery attempts, by outcome: delivered, retrying or dead.");
    }

    public Meter Meter { get; } = new(MeterName);

    public void PasteCreated() => created.Add(1);

    public void PastesDeleted(string reason, long count)
    {
        if (count > 0)
        {
            deleted.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public void DeliveryAttempted(WebhookDeliveryStatus statusAfter) =>
        deliveries.Add(1, new KeyValuePair<string, object?>("outcome", statusAfter switch
        {
            WebhookDeliveryStatus.Delivered => "delivered",
            WebhookDeliveryStatus.Dead => "dead",
            _ => "retrying",
        }));

    public void Dispose() => Meter.Dispose();
}
