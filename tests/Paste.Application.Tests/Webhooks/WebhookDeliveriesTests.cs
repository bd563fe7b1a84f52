using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Webhooks;
using Paste.Domain.Webhooks;

namespace Paste.Application.Tests.Webhooks;

public sealed class WebhookDeliveriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly WebhookRetryPolicy OneAttempt = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1);

    private Mock<IWebhookDeliveryStore> store = null!;

    [SetUp]
    public void SetUp()
    {
        store = new Mock<IWebhookDeliveryStore>();
    }

    private static WebhookDelivery Dead()
    {
        var delivery = WebhookDelivery.Create(Guid.NewGuid(), "msg_1", "https://r.example/", "{}", Start);
        delivery.RecordFailure(Start, "HTTP 500", OneAttempt, 0);
        return delivery;
    }

    [Test]
    public async Task Status_counts_pending_and_dead_deliveries()
    {
        var pending = WebhookDelivery.Create(Guid.NewGuid(), "msg_2", "https://r.example/", "{}", Start);
        store.Setup(s => s.ListUndeliveredAsync(It.IsAny<CancellationToken>())).ReturnsAsync([Dead(), pending, Dead()]);

        var report = await new GetWebhookDeliveriesHandler(store.Object).Handle(new GetWebhookDeliveriesQuery(), CancellationToken.None);

        Assert.That(report.Pending, Is.EqualTo(1));
        Assert.That(report.Dead, Is.EqualTo(2));
        Assert.That(report.Deliveries, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Retry_dead_revives_every_dead_delivery_and_saves_them()
    {
        var dead = new List<WebhookDelivery> { Dead(), Dead() };
        store.Setup(s => s.ListDeadAsync(It.IsAny<CancellationToken>())).ReturnsAsync(dead);
        var now = Start.AddHours(3);

        var count = await new RetryDeadWebhooksHandler(store.Object, new FakeTimeProvider(now)).Handle(new RetryDeadWebhooksCommand(), CancellationToken.None);

        Assert.That(count, Is.EqualTo(2));
        Assert.That(dead, Has.All.Matches<WebhookDelivery>(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt == now && d.Attempts == 0));
        store.Verify(s => s.UpdateAsync(dead, It.IsAny<CancellationToken>()), Times.Once);
    }
}
