using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Common;
using Paste.Application.Webhooks;
using Paste.Domain.Webhooks;

namespace Paste.Application.Tests.Webhooks;

public sealed class DeliverWebhookHandlerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private Mock<IWebhookDeliveryStore> store = null!;
    private Mock<IWebhookSender> sender = null!;
    private FakeTimeProvider time = null!;
    private WebhookOptions options = null!;

    [SetUp]
    public void SetUp()
    {
        store = new Mock<IWebhookDeliveryStore>();
        sender = new Mock<IWebhookSender>();
        time = new FakeTimeProvider(Start);
        options = new WebhookOptions { MaxAttempts = 2, Timeout = TimeSpan.FromSeconds(3) };
    }

    private DeliverWebhookHandler Handler() =>
        new(store.Object, sender.Object, new FakeSigner(), time, Options.Create(options), new PasteMetrics(), NullLogger<DeliverWebhookHandler>.Instance);

    private WebhookDelivery Stored()
    {
        var delivery = WebhookDelivery.Create(Guid.NewGuid(), "msg_7", "https://receiver.example/hook", """{"type":"newpaste"}""", Start);
        store.Setup(s => s.FindAsync(delivery.Id, It.IsAny<CancellationToken>())).ReturnsAsync(delivery);
        return delivery;
    }

    [Test]
    public async Task A_2xx_marks_the_delivery_delivered_and_saves_it()
    {
        var delivery = Stored();
        sender.Setup(s => s.SendAsync(It.IsAny<WebhookRequest>(), options.Timeout, It.IsAny<CancellationToken>())).ReturnsAsync(new WebhookResponse(true, null));

        var status = await Handler().Handle(new DeliverWebhookCommand(delivery.Id), CancellationToken.None);

        Assert.That(status, Is.EqualTo(WebhookDeliveryStatus.Delivered));
        store.Verify(s => s.UpdateAsync(delivery, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task The_request_carries_the_stored_body_to_the_stored_url_with_signatures()
    {
        var delivery = Stored();
        WebhookRequest? sent = null;
        sender.Setup(s => s.SendAsync(It.IsAny<WebhookRequest>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Callback<WebhookRequest, TimeSpan, CancellationToken>((request, _, _) => sent = request)
            .ReturnsAsync(new WebhookResponse(true, null));

        await Handler().Handle(new DeliverWebhookCommand(delivery.Id), CancellationToken.None);

        Assert.That(sent, Is.Not.Null);
        Assert.That(sent!.Url, Is.EqualTo(new Uri(delivery.Url)));
        Assert.That(sent.Payload, Is.EqualTo(delivery.Payload));
        Assert.That(sent.Headers["webhook-id"], Is.EqualTo("msg_7"));
        Assert.That(sent.Headers, Does.ContainKey("X-Webhook-Signature"));
    }

    [Test]
    public async Task A_failure_keeps_it_pending_with_a_later_attempt()
    {
        var delivery = Stored();
        sender.Setup(s => s.SendAsync(It.IsAny<WebhookRequest>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(new WebhookResponse(false, "HTTP 503"));

        var status = await Handler().Handle(new DeliverWebhookCommand(delivery.Id), CancellationToken.None);

        Assert.That(status, Is.EqualTo(WebhookDeliveryStatus.Pending));
        Assert.That(delivery.Attempts, Is.EqualTo(1));
        Assert.That(delivery.LastError, Is.EqualTo("HTTP 503"));
        Assert.That(delivery.NextAttemptAt, Is.GreaterThan(Start));
        store.Verify(s => s.UpdateAsync(delivery, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task The_last_allowed_failure_makes_it_dead()
    {
        var delivery = Stored();
        sender.Setup(s => s.SendAsync(It.IsAny<WebhookRequest>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(new WebhookResponse(false, "HTTP 500"));

        await Handler().Handle(new DeliverWebhookCommand(delivery.Id), CancellationToken.None);
        time.Advance(options.MaxRetryDelay);
        var status = await Handler().Handle(new DeliverWebhookCommand(delivery.Id), CancellationToken.None);

        Assert.That(status, Is.EqualTo(WebhookDeliveryStatus.Dead));
    }

    [Test]
    public async Task A_delivery_that_is_no_longer_pending_is_not_sent_again()
    {
        var delivery = Stored();
        delivery.RecordSuccess(Start);

        await Handler().Handle(new DeliverWebhookCommand(delivery.Id), CancellationToken.None);

        sender.Verify(s => s.SendAsync(It.IsAny<WebhookRequest>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
        store.Verify(s => s.UpdateAsync(It.IsAny<WebhookDelivery>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task A_delivery_whose_retry_is_not_yet_due_is_not_sent()
    {
        var delivery = Stored();
        delivery.RecordFailure(Start, "HTTP 503", options.RetryPolicy, jitter: 0);

        var status = await Handler().Handle(new DeliverWebhookCommand(delivery.Id), CancellationToken.None);

        Assert.That(status, Is.EqualTo(WebhookDeliveryStatus.Pending));
        sender.Verify(s => s.SendAsync(It.IsAny<WebhookRequest>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
