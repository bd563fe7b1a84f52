using Paste.Domain.Webhooks;

namespace Paste.Domain.Tests.Webhooks;

public sealed class WebhookDeliveryTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly WebhookRetryPolicy Policy = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), 3);

    private static WebhookDelivery NewDelivery() =>
        WebhookDelivery.Create(Guid.NewGuid(), "msg_1", "https://receiver.example/hook", "{}", Created);

    [Test]
    public void A_new_delivery_is_pending_and_due_at_once()
    {
        var delivery = NewDelivery();

        Assert.That(delivery.Status, Is.EqualTo(WebhookDeliveryStatus.Pending));
        Assert.That(delivery.NextAttemptAt, Is.EqualTo(Created));
        Assert.That(delivery.Attempts, Is.Zero);
    }

    [Test]
    public void A_failure_schedules_the_next_attempt_after_the_backoff()
    {
        var delivery = NewDelivery();
        var failedAt = Created.AddSeconds(1);

        delivery.RecordFailure(failedAt, "HTTP 503", Policy, jitter: 0);

        Assert.That(delivery.Status, Is.EqualTo(WebhookDeliveryStatus.Pending));
        Assert.That(delivery.Attempts, Is.EqualTo(1));
        Assert.That(delivery.NextAttemptAt, Is.EqualTo(failedAt.AddSeconds(10)));
        Assert.That(delivery.LastError, Is.EqualTo("HTTP 503"));
    }

    [Test]
    public void The_last_allowed_failure_makes_the_delivery_dead()
    {
        var delivery = NewDelivery();

        for (var i = 0; i < Policy.MaxAttempts; i++)
        {
            delivery.RecordFailure(Created.AddMinutes(i), "connection refused", Policy, jitter: 0);
        }

        Assert.That(delivery.Status, Is.EqualTo(WebhookDeliveryStatus.Dead));
        Assert.That(delivery.Attempts, Is.EqualTo(Policy.MaxAttempts));
    }

    [Test]
    public void Success_marks_it_delivered_and_clears_the_last_error()
    {
        var delivery = NewDelivery();
        delivery.RecordFailure(Created, "HTTP 500", Policy, jitter: 0);

        delivery.RecordSuccess(Created.AddSeconds(10));

        Assert.That(delivery.Status, Is.EqualTo(WebhookDeliveryStatus.Delivered));
        Assert.That(delivery.DeliveredAt, Is.EqualTo(Created.AddSeconds(10)));
        Assert.That(delivery.Attempts, Is.EqualTo(2));
        Assert.That(delivery.LastError, Is.Null);
    }

    [Test]
    public void Reviving_a_dead_delivery_gives_it_fresh_attempts_from_now()
    {
        var delivery = NewDelivery();
        for (var i = 0; i < Policy.MaxAttempts; i++)
        {
            delivery.RecordFailure(Created, "HTTP 500", Policy, jitter: 0);
        }

        var revivedAt = Created.AddDays(1);
        delivery.Revive(revivedAt);

        Assert.That(delivery.Status, Is.EqualTo(WebhookDeliveryStatus.Pending));
        Assert.That(delivery.Attempts, Is.Zero);
        Assert.That(delivery.NextAttemptAt, Is.EqualTo(revivedAt));
    }
}
