using System.Diagnostics;
using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Webhooks;

/// <summary>Each configured URL is delivered to on its own: a failing, dead or slow receiver never holds up the others.</summary>
public sealed class WebhookReceiverIndependenceTests(StorageProvider provider) : StoreFixture(provider)
{
    private const int Pastes = 6;

    /// <summary>Well under the dispatcher's 5 s poll and the failing receivers' retries, well over a healthy delivery.</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(4);

    [Test]
    public async Task A_healthy_receiver_gets_every_notification_while_the_others_keep_failing()
    {
        await using var failing = await WebhookReceiver.StartAsync(HttpStatusCode.InternalServerError);
        await using var down = WebhookReceiver.Down();
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var factory = new PasteApiFactory(WebhookApi.Settings(failing, down, healthy), provider: Provider);
        using var client = factory.CreatePasteClient();
        var publicKey = await client.GetWebhookPublicKeyAsync();

        var clock = Stopwatch.StartNew();
        var urls = await CreatePastesAsync(client);
        foreach (var url in urls)
        {
            NotificationAssert.IsAuthenticNewPaste(publicKey, await healthy.WaitForDeliveryAsync(url), url);
        }

        Assert.That(clock.Elapsed, Is.LessThan(Promptly), "all notifications at the healthy receiver");

        // Meanwhile the others were tried, failed, and are still owed every paste.
        await failing.WaitForAsync(all => urls.All(url => all.Count(r => r.PasteUrl() == url) >= 2), "retries at the failing receiver");
        var rows = await factory.Database.WebhookDeliveriesAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Where(r => r.Url == healthy.Url.ToString()).Select(r => r.Status), Has.Exactly(Pastes).EqualTo(StoredDeliveryStatus.Delivered));
            Assert.That(rows.Where(r => r.Url == failing.Url.ToString()).Select(r => r.Status), Has.Exactly(Pastes).EqualTo(StoredDeliveryStatus.Pending));
            Assert.That(rows.Where(r => r.Url == down.Url.ToString()).Select(r => r.Status), Has.Exactly(Pastes).EqualTo(StoredDeliveryStatus.Pending));
            Assert.That(healthy.Received, Has.Count.EqualTo(Pastes), "exactly one request per paste at the healthy receiver");
        }
    }

    [Test]
    public async Task A_receiver_that_never_answers_delays_neither_the_others_nor_the_api()
    {
        await using var silent = await WebhookReceiver.StartAsync();
        silent.AnswerDelay = TimeSpan.FromMinutes(1);
        await using var healthy = await WebhookReceiver.StartAsync();
        var settings = WebhookApi.Settings([silent.Url, healthy.Url], new Dictionary<string, string?> { ["Paste:Webhooks:Timeout"] = "00:00:30" });
        await using var factory = new PasteApiFactory(settings, provider: Provider);
        using var client = factory.CreatePasteClient();

        // More pastes than the dispatcher lets a single receiver have in flight at once.
        var clock = Stopwatch.StartNew();
        var urls = await CreatePastesAsync(client);
        var created = clock.Elapsed;
        foreach (var url in urls)
        {
            await healthy.WaitForDeliveryAsync(url);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created, Is.LessThan(Promptly), "the API's responses");
            Assert.That(clock.Elapsed, Is.LessThan(Promptly), "all notifications at the healthy receiver");
            Assert.That(silent.Received, Is.Not.Empty, "the silent receiver was reached");
            Assert.That(silent.Received.Select(r => r.Answer), Is.All.Null, "and has not answered anything");
        }
    }

    /// <summary>Creates <see cref="Pastes"/> pastes, half with POST / and half with POST /submit; returns their URLs.</summary>
    private static async Task<List<string>> CreatePastesAsync(HttpClient client)
    {
        var urls = new List<string>();
        for (var i = 0; i < Pastes; i++)
        {
            urls.Add(i % 2 == 0
                ? WebhookApi.AnnouncedUrl(await client.CreatePasteAsync($"paste {i}"))
                : (await client.SubmitTextAsync($"submission {i}")).Url);
        }

        return urls;
    }
}
