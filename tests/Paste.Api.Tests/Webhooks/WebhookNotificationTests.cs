using System.Diagnostics;
using System.Net;
using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Webhooks;

/// <summary>
/// What a receiver gets for each new paste, verified as a receiver would: with BouncyCastle's Ed25519 and nothing but
/// the public key from GET /webhook_key.
/// </summary>
public sealed class WebhookNotificationTests(StorageProvider provider) : WebhookFixture(provider)
{
    [Test]
    public async Task A_paste_created_with_post_is_announced_signed_in_both_forms()
    {
        var paste = await Client.CreatePasteAsync("announce me");
        var pasteUrl = WebhookApi.AnnouncedUrl(paste);

        var notification = await Receiver.WaitForDeliveryAsync(pasteUrl);

        Assert.That(paste.Location, Is.EqualTo(new Uri(pasteUrl)), "the creator and the receivers get the same address");
        NotificationAssert.IsAuthenticNewPaste(PublicKey, notification, pasteUrl);
    }

    [Test]
    public async Task A_create_naming_another_host_is_refused_and_no_announcement_carries_that_host()
    {
        var queuedBefore = await Factory.Database.CountAllAsync("WebhookDeliveries");
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("announce me at a host of my choosing"), "text/plain"));
        request.Headers.Host = "evil.example";

        using var refused = await Client.SendAsync(request);

        using (Assert.EnterMultipleScope())
        {
            await ResponseAssert.ProblemAsync(refused, HttpStatusCode.BadRequest);
            Assert.That(await Factory.Database.CountAllAsync("WebhookDeliveries"), Is.EqualTo(queuedBefore), "no announcement was queued");
            Assert.That(Receiver.Received.Select(r => r.BodyText), Has.None.Contain("evil.example"));
        }
    }

    [Test]
    public async Task A_paste_created_with_submit_is_announced_at_the_url_submit_answered()
    {
        var paste = await Client.SubmitTextAsync("announce me too");

        var notification = await Receiver.WaitForDeliveryAsync(paste.Url);

        NotificationAssert.IsAuthenticNewPaste(PublicKey, notification, paste.Url);
    }

    [Test]
    public async Task The_signed_digest_is_the_sha256_of_the_body_as_received()
    {
        var paste = await Client.CreatePasteAsync("digest me");
        var notification = await Receiver.WaitForDeliveryAsync(WebhookApi.AnnouncedUrl(paste));

        var signed = Convert.FromBase64String(notification.Header("X-Webhook-Signature")!);

        Assert.That(signed, Has.Length.EqualTo(96));
        Assert.That(signed[64..], Is.EqualTo(System.Security.Cryptography.SHA256.HashData(notification.Body)));
    }

    [Test]
    public async Task The_date_is_the_pastes_creation_time_in_utc()
    {
        var paste = await Client.CreatePasteAsync("when was I made");
        var notification = await Receiver.WaitForDeliveryAsync(WebhookApi.AnnouncedUrl(paste));

        Assert.That(NotificationAssert.DateOf(notification), Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(paste.CreatedAt)));
    }

    [Test]
    public async Task A_tampered_body_fails_both_verifications()
    {
        var paste = await Client.CreatePasteAsync("do not touch");
        var pasteUrl = WebhookApi.AnnouncedUrl(paste);
        var notification = await Receiver.WaitForDeliveryAsync(pasteUrl);
        var tampered = Encoding.UTF8.GetBytes(notification.BodyText.Replace(pasteUrl, "http://localhost/AAAAAAAAAAAAAAAA", StringComparison.Ordinal));
        Assert.That(tampered, Is.Not.EqualTo(notification.Body), "the test did change the body");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(WebhookSignatureCheck.SignedDigestIsValid(PublicKey, notification, tampered), Is.False, "X-Webhook-Signature");
            Assert.That(WebhookSignatureCheck.StandardSignatureIsValid(PublicKey, notification, tampered), Is.False, "webhook-signature");
        }
    }

    [Test]
    public async Task A_changed_timestamp_or_id_fails_the_standard_verification()
    {
        var paste = await Client.CreatePasteAsync("replay me later");
        var notification = await Receiver.WaitForDeliveryAsync(WebhookApi.AnnouncedUrl(paste));
        var id = notification.Header("webhook-id");
        var timestamp = notification.Header("webhook-timestamp")!;
        var signature = notification.Header("webhook-signature");
        var later = (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(WebhookSignatureCheck.StandardSignatureIsValid(PublicKey, id, timestamp, signature, notification.Body), Is.True, "as sent");
            Assert.That(WebhookSignatureCheck.StandardSignatureIsValid(PublicKey, id, later, signature, notification.Body), Is.False, "later timestamp");
            Assert.That(WebhookSignatureCheck.StandardSignatureIsValid(PublicKey, id + "x", timestamp, signature, notification.Body), Is.False, "other id");
        }
    }

    [Test]
    public async Task The_signatures_do_not_verify_with_another_key()
    {
        var otherKey = WebhookSignatureCheck.RandomPublicKey();
        var paste = await Client.CreatePasteAsync("whose key");
        var notification = await Receiver.WaitForDeliveryAsync(WebhookApi.AnnouncedUrl(paste));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(WebhookSignatureCheck.SignedDigestIsValid(otherKey, notification), Is.False, "X-Webhook-Signature");
            Assert.That(WebhookSignatureCheck.StandardSignatureIsValid(otherKey, notification), Is.False, "webhook-signature");
        }
    }

    [Test]
    public async Task Every_paste_gets_its_own_event_id_and_nonce()
    {
        var first = await Client.CreatePasteAsync("one");
        var second = await Client.CreatePasteAsync("two");

        var a = await Receiver.WaitForDeliveryAsync(WebhookApi.AnnouncedUrl(first));
        var b = await Receiver.WaitForDeliveryAsync(WebhookApi.AnnouncedUrl(second));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(b.Header("webhook-id"), Is.Not.EqualTo(a.Header("webhook-id")));
            Assert.That(b.Json().GetProperty("nonce").GetString(), Is.Not.EqualTo(a.Json().GetProperty("nonce").GetString()));
        }
    }

    [Test]
    public async Task A_paste_is_announced_once_to_a_receiver_that_accepts_it()
    {
        var paste = await Client.CreatePasteAsync("only once");
        var pasteUrl = WebhookApi.AnnouncedUrl(paste);
        await Receiver.WaitForDeliveryAsync(pasteUrl);

        var rows = await Factory.Database.WaitForWebhookDeliveriesAsync(
            all => all.Count == 1 && all[0].Status == StoredDeliveryStatus.Delivered, "the delivery to be recorded as delivered", pasteUrl);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Receiver.For(pasteUrl), Has.Count.EqualTo(1));
            Assert.That(rows[0].Attempts, Is.EqualTo(1));
            Assert.That(rows[0].Url, Is.EqualTo(Receiver.Url.ToString()));
        }
    }

    [Test]
    public async Task A_notification_goes_out_at_once_without_waiting_for_the_dispatchers_poll()
    {
        // The dispatcher looks at the outbox on its own only every 5 s; the create action wakes it straight away.
        await Receiver.WaitForDeliveryAsync(WebhookApi.AnnouncedUrl(await Client.CreatePasteAsync("warm up")));
        var clock = Stopwatch.StartNew();

        var paste = await Client.CreatePasteAsync("right now");
        await Receiver.WaitForDeliveryAsync(WebhookApi.AnnouncedUrl(paste));

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task A_refused_paste_is_not_announced()
    {
        var before = await Factory.Database.CountAllAsync("WebhookDeliveries");

        using var empty = await Client.PostRawAsync([], "text/plain");
        using var emptySubmit = await Client.SubmitJsonAsync("""{"c":""}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(emptySubmit.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await Factory.Database.CountAllAsync("WebhookDeliveries"), Is.EqualTo(before));
        }
    }
}
