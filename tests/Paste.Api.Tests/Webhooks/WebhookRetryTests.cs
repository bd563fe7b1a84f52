using System.Globalization;
using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Webhooks;

/// <summary>At-least-once delivery: anything but a 2xx in time is retried, with backoff, until the attempts run out.</summary>
public sealed class WebhookRetryTests(StorageProvider provider) : StoreFixture(provider)
{
    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    [TestCase(HttpStatusCode.NotFound)]
    [TestCase(HttpStatusCode.Found)]
    public async Task A_notification_not_answered_with_2xx_is_sent_again_with_the_same_id_and_body(HttpStatusCode firstAnswer)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(firstAnswer);
        await using var factory = new PasteApiFactory(WebhookApi.Settings(receiver), provider: Provider);
        using var client = factory.CreatePasteClient();
        var publicKey = await client.GetWebhookPublicKeyAsync();

        var paste = await client.CreatePasteAsync("try again");
        var pasteUrl = WebhookApi.AnnouncedUrl(paste);
        await receiver.WaitForDeliveryAsync(pasteUrl);

        var attempts = receiver.For(pasteUrl);
        Assert.That(attempts, Has.Count.EqualTo(2), string.Join(Environment.NewLine, attempts));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(attempts[0].Answer, Is.EqualTo(firstAnswer));
            Assert.That(attempts[1].Succeeded, Is.True);
            Assert.That(attempts[1].Header("webhook-id"), Is.EqualTo(attempts[0].Header("webhook-id")), "webhook-id is stable across retries");
            Assert.That(attempts[1].Body, Is.EqualTo(attempts[0].Body), "the body is fixed when the paste is created");
            Assert.That(NotificationAssert.TimestampOf(attempts[1]), Is.GreaterThanOrEqualTo(NotificationAssert.TimestampOf(attempts[0])));
        }

        // Each attempt is signed for its own timestamp, so each verifies on its own.
        NotificationAssert.IsAuthenticNewPaste(publicKey, attempts[0], pasteUrl);
        NotificationAssert.IsAuthenticNewPaste(publicKey, attempts[1], pasteUrl);
        var rows = await factory.Database.WaitForWebhookDeliveriesAsync(
            all => all.Count == 1 && all[0].Status == StoredDeliveryStatus.Delivered, "the delivery recorded as delivered", pasteUrl);
        Assert.That(rows[0].Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task Retries_follow_the_backoff_schedule_rather_than_the_dispatchers_poll()
    {
        // 0.2 s doubling up to 0.5 s: 0.2, 0.4, 0.5, 0.5. Jitter only ever shortens a delay, by at most a fifth.
        const int maxAttempts = 5;
        var initial = TimeSpan.Parse(WebhookApi.FastInitialRetryDelay, CultureInfo.InvariantCulture);
        var max = TimeSpan.Parse(WebhookApi.FastMaxRetryDelay, CultureInfo.InvariantCulture);
        await using var receiver = await WebhookReceiver.StartAsync(HttpStatusCode.InternalServerError);
        await using var factory = new PasteApiFactory(WebhookApi.Settings(maxAttempts, receiver), provider: Provider);
        using var client = factory.CreatePasteClient();

        var pasteUrl = WebhookApi.AnnouncedUrl(await client.CreatePasteAsync("back off"));
        var attempts = await receiver.WaitForAsync(
            all => all.Count(r => r.PasteUrl() == pasteUrl) == maxAttempts, $"{maxAttempts} attempts", TimeSpan.FromSeconds(40));

        var times = attempts.Where(r => r.PasteUrl() == pasteUrl).Select(r => r.ReceivedAt).ToList();
        var gaps = times.Zip(times.Skip(1), (earlier, later) => later - earlier).ToList();
        var report = string.Join(", ", gaps.Select(g => $"{g.TotalSeconds:0.000} s"));
        using (Assert.EnterMultipleScope())
        {
            for (var failed = 1; failed < maxAttempts; failed++)
            {
                var nominal = TimeSpan.FromTicks(Math.Min(initial.Ticks << (failed - 1), max.Ticks));
                var gap = gaps[failed - 1];

                // Never sooner than the backoff allows; and nowhere near the dispatcher's 5 s poll, even on a busy machine.
                Assert.That(gap, Is.GreaterThanOrEqualTo((nominal * 0.8) - TimeSpan.FromMilliseconds(20)), $"gap after attempt {failed}; all gaps: {report}");
                Assert.That(gap, Is.LessThan(TimeSpan.FromSeconds(3)), $"gap after attempt {failed}; all gaps: {report}");
            }
        }
    }

    [Test]
    public async Task A_notification_to_a_receiver_that_refuses_connections_arrives_once_it_is_up()
    {
        await using var receiver = WebhookReceiver.Down();
        await using var factory = new PasteApiFactory(WebhookApi.Settings(receiver), provider: Provider);
        using var client = factory.CreatePasteClient();
        var publicKey = await client.GetWebhookPublicKeyAsync();

        var paste = await client.CreatePasteAsync("knock knock");
        var pasteUrl = WebhookApi.AnnouncedUrl(paste);
        var failed = await factory.Database.WaitForWebhookDeliveriesAsync(
            all => all.Count == 1 && all[0].Attempts >= 1, "a failed attempt while the receiver is down", pasteUrl);
        Assert.That(failed[0].Status, Is.EqualTo(StoredDeliveryStatus.Pending), failed[0].ToString());
        Assert.That(failed[0].LastError, Is.Not.Null.And.Not.Empty);

        await receiver.UpAsync();

        var notification = await receiver.WaitForDeliveryAsync(pasteUrl);
        NotificationAssert.IsAuthenticNewPaste(publicKey, notification, pasteUrl);
        Assert.That(notification.Header("webhook-id"), Is.EqualTo(failed[0].EventId));
    }

    [Test]
    public async Task A_receiver_that_answers_too_late_has_failed_and_gets_the_notification_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerDelay = TimeSpan.FromSeconds(30);
        var settings = WebhookApi.Settings([receiver.Url], new Dictionary<string, string?> { ["Paste:Webhooks:Timeout"] = "00:00:01" });
        await using var factory = new PasteApiFactory(settings, provider: Provider);
        using var client = factory.CreatePasteClient();

        var paste = await client.CreatePasteAsync("are you there");
        var pasteUrl = WebhookApi.AnnouncedUrl(paste);
        await receiver.WaitForAsync(all => all.Any(r => r.PasteUrl() == pasteUrl), "the first attempt");
        receiver.AnswerDelay = TimeSpan.Zero;

        var rows = await factory.Database.WaitForWebhookDeliveriesAsync(
            all => all.Count == 1 && all[0].Status == StoredDeliveryStatus.Delivered, "delivery after the slow attempt timed out", pasteUrl);

        Assert.That(rows[0].Attempts, Is.GreaterThanOrEqualTo(2), rows[0].ToString());
        var attempts = receiver.For(pasteUrl);
        Assert.That(attempts.Select(a => a.Header("webhook-id")).Distinct().Count(), Is.EqualTo(1), "one event, however many attempts");
    }

    [Test]
    public async Task A_notification_that_keeps_failing_is_dead_after_the_last_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(HttpStatusCode.InternalServerError);
        await using var factory = new PasteApiFactory(WebhookApi.Settings(maxAttempts: 2, receiver), provider: Provider);
        using var client = factory.CreatePasteClient();

        var paste = await client.CreatePasteAsync("nobody wants me");
        var pasteUrl = WebhookApi.AnnouncedUrl(paste);

        var rows = await factory.Database.WaitForWebhookDeliveriesAsync(
            all => all.Count == 1 && all[0].Status == StoredDeliveryStatus.Dead, "the delivery to be marked dead", pasteUrl);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows[0].Attempts, Is.EqualTo(2));
            Assert.That(rows[0].LastError, Does.Contain("500"));
        }

        // Dead means no more attempts: twice the longest retry delay passes without another request.
        await Task.Delay(TimeSpan.Parse(WebhookApi.FastMaxRetryDelay, CultureInfo.InvariantCulture) * 2);
        Assert.That(receiver.For(pasteUrl), Has.Count.EqualTo(2));

        // A dead delivery is that paste's alone: the receiver gets the next paste once it is healthy again.
        receiver.DefaultAnswer = HttpStatusCode.OK;
        var next = await client.CreatePasteAsync("better luck");
        await receiver.WaitForDeliveryAsync(WebhookApi.AnnouncedUrl(next));
    }
}
