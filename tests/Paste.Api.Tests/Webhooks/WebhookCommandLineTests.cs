using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Webhooks;

/// <summary>
/// The operator commands <c>webhooks status</c> and <c>webhooks retry-dead</c>, run as an operator would: the built
/// application as its own process, against the service's database.
/// </summary>
public sealed class WebhookCommandLineTests(StorageProvider provider) : StoreFixture(provider)
{
    private static readonly string[] RetryDeadMembers = ["requeued"];

    [Test]
    public async Task Status_lists_dead_deliveries_and_retry_dead_queues_them_again()
    {
        using var database = new TestDatabase(Provider);
        await using var receiver = await WebhookReceiver.StartAsync(HttpStatusCode.InternalServerError);
        var settings = WebhookApi.Settings(maxAttempts: 2, receiver);
        var pasteUrls = new List<string>();
        await using (var factory = new PasteApiFactory(settings, database))
        {
            using var client = factory.CreatePasteClient();
            pasteUrls.Add(WebhookApi.AnnouncedUrl(await client.CreatePasteAsync("dead on arrival")));
            pasteUrls.Add((await client.SubmitTextAsync("also dead")).Url);
            await database.WaitForWebhookDeliveriesAsync(all => all.Count == 2 && all.All(d => d.Status == StoredDeliveryStatus.Dead), "both deliveries dead");
        }

        var stored = await database.WebhookDeliveriesAsync();
        var status = await PasteExecutable.AdminAsync(database, "webhooks", "status");

        var deliveries = status.GetProperty("deliveries").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status.GetProperty("pending").GetInt32(), Is.Zero);
            Assert.That(status.GetProperty("dead").GetInt32(), Is.EqualTo(2));
            Assert.That(deliveries.Select(d => d.GetProperty("status").GetString()), Is.All.EqualTo("dead"));
            Assert.That(deliveries.Select(d => d.GetProperty("url").GetString()), Is.All.EqualTo(receiver.Url.ToString()));
            Assert.That(deliveries.Select(d => d.GetProperty("attempts").GetInt32()), Is.All.EqualTo(2));
            Assert.That(deliveries.Select(d => d.GetProperty("last_error").GetString()), Is.All.Contain("500"));
            Assert.That(deliveries.Select(d => d.GetProperty("event_id").GetString()), Is.EquivalentTo(stored.Select(d => d.EventId)));
            Assert.That(status.GetRawText(), Does.Not.Contain("nonce"), "status lists deliveries, not their bodies");
        }

        var retried = await PasteExecutable.AdminAsync(database, "webhooks", "retry-dead");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(retried.EnumerateObject().Select(p => p.Name), Is.EqualTo(RetryDeadMembers));
            Assert.That(retried.GetProperty("requeued").GetInt32(), Is.EqualTo(2));
        }

        var requeued = await database.WebhookDeliveriesAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(requeued.Select(d => d.Status), Is.All.EqualTo(StoredDeliveryStatus.Pending));
            Assert.That(requeued.Select(d => d.Attempts), Is.All.Zero, "a fresh set of attempts");
        }

        var after = await PasteExecutable.AdminAsync(database, "webhooks", "status");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.GetProperty("pending").GetInt32(), Is.EqualTo(2));
            Assert.That(after.GetProperty("dead").GetInt32(), Is.Zero);
            Assert.That(after.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("status").GetString()), Is.All.EqualTo("pending"));
        }

        // Once the receiver is healthy, the service delivers what the operator queued again.
        receiver.DefaultAnswer = HttpStatusCode.OK;
        await using var restarted = new PasteApiFactory(settings, database);
        using var restartedClient = restarted.CreatePasteClient();
        foreach (var url in pasteUrls)
        {
            await receiver.WaitForDeliveryAsync(url);
        }
    }

    [Test]
    public async Task An_invalid_setting_stops_the_command_with_a_message_naming_the_key()
    {
        using var database = new TestDatabase(Provider);

        var result = await PasteExecutable.RunAsync(
            database, ["webhooks", "status"], new Dictionary<string, string?> { ["Paste:Webhooks:MaxAttempts"] = "0" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain("Paste:Webhooks:MaxAttempts"), result.ToString());
            Assert.That(result.StandardOutput, Is.Empty, result.ToString());
            Assert.That(result.StandardError, Does.Not.Contain("   at "), "no stack trace");
        }
    }
}
