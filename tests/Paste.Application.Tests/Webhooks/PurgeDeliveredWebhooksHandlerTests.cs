using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Common;
using Paste.Application.Webhooks;

namespace Paste.Application.Tests.Webhooks;

public sealed class PurgeDeliveredWebhooksHandlerTests
{
    [Test]
    public async Task Forgets_deliveries_delivered_longer_ago_than_a_paste_lives()
    {
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var store = new Mock<IWebhookDeliveryStore>();
        store.Setup(s => s.DeleteDeliveredBeforeAsync(now - TimeSpan.FromDays(5), It.IsAny<CancellationToken>())).ReturnsAsync(7);
        var handler = new PurgeDeliveredWebhooksHandler(store.Object, new FakeTimeProvider(now), Options.Create(new PasteOptions { Expiry = TimeSpan.FromDays(5) }));

        var forgotten = await handler.Handle(new PurgeDeliveredWebhooksCommand(), CancellationToken.None);

        Assert.That(forgotten, Is.EqualTo(7));
    }
}
