using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Webhooks;

/// <summary>The outbox: an acknowledged paste is announced even when the process stops before it could deliver.</summary>
public sealed class WebhookDurabilityTests(StorageProvider provider) : StoreFixture(provider)
{
    [Test]
    public async Task A_pending_notification_is_delivered_after_a_restart_of_the_host()
    {
        using var database = new TestDatabase(Provider);
        await using var receiver = WebhookReceiver.Down();
        var settings = WebhookApi.Settings(receiver);
        if (Provider == StorageProvider.PostgreSql)
        {
            // Instances share a PostgreSQL outbox, so a start cannot take back the leases of the killed process (SQLite's
            // does: one process serves a file); they run out after twice the timeout and 5 s, which must fit the wait.
            settings["Paste:Webhooks:Timeout"] = "00:00:02";
        }

        string pasteUrl;
        string submittedUrl;
        byte[] publicKey;

        await using (var first = new PasteApiFactory(settings, database))
        {
            using var client = first.CreatePasteClient();
            publicKey = await client.GetWebhookPublicKeyAsync();
            pasteUrl = WebhookApi.AnnouncedUrl(await client.CreatePasteAsync("said before the restart"));
            submittedUrl = (await client.SubmitTextAsync("submitted before the restart")).Url;
            await database.WaitForWebhookDeliveriesAsync(
                all => all.Count == 2 && all.All(d => d.Attempts >= 1), "failed attempts while the receiver is down");
        }

        var stored = await database.WebhookDeliveriesAsync();
        Assert.That(stored.Select(d => d.Status), Is.All.EqualTo(StoredDeliveryStatus.Pending), string.Join(Environment.NewLine, stored));

        await receiver.UpAsync();
        await using var second = new PasteApiFactory(settings, database);
        using var restarted = second.CreatePasteClient();

        var announced = await receiver.WaitForDeliveryAsync(pasteUrl);
        var submitted = await receiver.WaitForDeliveryAsync(submittedUrl);
        NotificationAssert.IsAuthenticNewPaste(publicKey, announced, pasteUrl);
        NotificationAssert.IsAuthenticNewPaste(publicKey, submitted, submittedUrl);
        Assert.That(
            new[] { announced.Header("webhook-id"), submitted.Header("webhook-id") },
            Is.EquivalentTo(stored.Select(d => d.EventId)),
            "the events stored before the restart");
    }

    [Test]
    public async Task A_paste_acknowledged_just_before_the_process_is_killed_is_announced_after_it_starts_again()
    {
        using var database = new TestDatabase(Provider);
        await using var receiver = WebhookReceiver.Down();
        var settings = WebhookApi.Settings(receiver);
        if (Provider == StorageProvider.PostgreSql)
        {
            // Instances share a PostgreSQL outbox, so a start cannot take back the leases of the killed process (SQLite's
            // does: one process serves a file); they run out after twice the timeout and 5 s, which must fit the wait.
            settings["Paste:Webhooks:Timeout"] = "00:00:02";
        }

        string pasteUrl;
        byte[] publicKey;

        var port = LoopbackPort.Free();
        await using (var service = PasteExecutable.StartService(database, port, settings))
        {
            using var client = await ConnectAsync(service, port);
            publicKey = await client.GetWebhookPublicKeyAsync();
            var paste = await client.CreatePasteAsync("the last words");
            pasteUrl = WebhookApi.AnnouncedUrl(paste);

            // SIGKILL straight after the 201: no shutdown code runs, nothing is flushed by the application.
            service.Kill();
            await service.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        await receiver.UpAsync();
        var restartPort = LoopbackPort.Free();
        await using var restarted = PasteExecutable.StartService(database, restartPort, settings);
        using var restartedClient = await ConnectAsync(restarted, restartPort);

        var notification = await receiver.WaitForDeliveryAsync(pasteUrl);
        NotificationAssert.IsAuthenticNewPaste(publicKey, notification, pasteUrl);
        Assert.That(await restartedClient.GetWebhookPublicKeyAsync(), Is.EqualTo(publicKey), "the key is kept across the kill");
    }

    /// <summary>A client for the service process once it answers /health.</summary>
    private static async Task<HttpClient> ConnectAsync(ExternalProcess service, int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await PasteExecutable.WaitUntilHealthyAsync(service, client, client.BaseAddress);
        return client;
    }
}
