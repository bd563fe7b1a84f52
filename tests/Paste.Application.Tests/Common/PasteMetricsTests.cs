using System.Diagnostics.Metrics;
using Paste.Application.Common;
using Paste.Domain.Webhooks;

namespace Paste.Application.Tests.Common;

/// <summary>What operators read from the counters: every measurement with its reason or outcome, and no empty ones.</summary>
public sealed class PasteMetricsTests
{
    private PasteMetrics metrics = null!;
    private MeterListener listener = null!;
    private List<(string Instrument, long Value, string? Label)> measurements = null!;

    [SetUp]
    public void SetUp()
    {
        metrics = new PasteMetrics();
        measurements = [];
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter == metrics.Meter)
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, tags.Length == 0 ? null : $"{tags[0].Key}={tags[0].Value}")));
        listener.Start();
    }

    [TearDown]
    public void TearDown()
    {
        listener.Dispose();
        metrics.Dispose();
    }

    [Test]
    public void Creates_and_deletes_are_counted_with_the_reason_for_each_delete()
    {
        metrics.PasteCreated();
        metrics.PastesDeleted("owner", 1);
        metrics.PastesDeleted("expired", 7);

        Assert.That(measurements, Is.EqualTo(new (string, long, string?)[]
        {
            ("pastes.created", 1, null),
            ("pastes.deleted", 1, "reason=owner"),
            ("pastes.deleted", 7, "reason=expired"),
        }));
    }

    [Test]
    public void A_sweep_that_deleted_nothing_records_nothing()
    {
        metrics.PastesDeleted("expired", 0);

        Assert.That(measurements, Is.Empty);
    }

    [TestCase(WebhookDeliveryStatus.Delivered, "outcome=delivered")]
    [TestCase(WebhookDeliveryStatus.Pending, "outcome=retrying")]
    [TestCase(WebhookDeliveryStatus.Dead, "outcome=dead")]
    public void A_delivery_attempt_is_counted_by_what_became_of_the_delivery(WebhookDeliveryStatus statusAfter, string label)
    {
        metrics.DeliveryAttempted(statusAfter);

        Assert.That(measurements, Is.EqualTo(new (string, long, string?)[] { ("webhook.deliveries", 1, label) }));
    }
}
