using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Clients;
using Paste.Application.Common;
using Paste.Application.Pastes;
using Paste.Application.Webhooks;
using Paste.Domain.Pastes;
using Paste.Domain.Webhooks;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Application.Tests.Pastes;

public sealed class CreatePasteHandlerTests
{
    private const string GeneratedId = "Zx9Yw8Vu7Ts6Rq5P";
    private const string BaseUrl = "https://paste.example";
    private const string ClientAddress = "192.0.2.7";
    private const string Key = "retry-4f1c2a";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 9, 30, 0, TimeSpan.Zero);

    private Mock<IPasteRepository> repository = null!;
    private PasteEntity? storedPaste;
    private byte[]? storedContent;
    private IReadOnlyCollection<WebhookDelivery>? storedAnnouncements;
    private PasteAdmission? storedAdmission;
    private PasteOptions pasteOptions = null!;
    private WebhookOptions webhookOptions = null!;
    private Mock<IWebhookDispatchSignal> dispatchSignal = null!;
    private CreatePasteHandler handler = null!;

    [SetUp]
    public void SetUp()
    {
        storedPaste = null;
        storedContent = null;
        storedAnnouncements = null;
        storedAdmission = null;
        pasteOptions = new PasteOptions { Expiry = StoredPastes.Expiry };
        webhookOptions = new WebhookOptions();
        repository = new Mock<IPasteRepository>();
        repository
            .Setup(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<PasteAdmission>(), It.IsAny<CancellationToken>()))
            .Callback((PasteEntity paste, Stream content, IReadOnlyCollection<WebhookDelivery> announcements, PasteAdmission admission, CancellationToken _) =>
            {
                using var stored = new MemoryStream();
                content.CopyTo(stored);
                (storedPaste, storedContent, storedAnnouncements, storedAdmission) = (paste, stored.ToArray(), announcements, admission);
            })
            .Returns(Task.CompletedTask);
        var idGenerator = new Mock<IPasteIdGenerator>();
        idGenerator.Setup(g => g.NewId()).Returns(GeneratedId);
        dispatchSignal = new Mock<IWebhookDispatchSignal>();

        // Protection is reversible, and leaves nothing of the secret readable, as the key ring's is.
        var protector = new Mock<ISecretProtector>();
        protector.Setup(p => p.Protect(It.IsAny<string>())).Returns((string secret) => Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
        protector.Setup(p => p.Unprotect(It.IsAny<string>())).Returns((string stored) => Encoding.UTF8.GetString(Convert.FromBase64String(stored)));
        handler = new CreatePasteHandler(
            repository.Object, idGenerator.Object, new FakeTimeProvider(Now), Options.Create(pasteOptions), Options.Create(webhookOptions), dispatchSignal.Object, protector.Object, new PasteMetrics());
    }

    [Test]
    public async Task Stores_the_paste_under_the_generated_id_with_owner_type_size_and_clock_time()
    {
        var created = await handler.Handle(new CreatePasteCommand(new MemoryStream("hello"u8.ToArray()), null, StoredPastes.Owner, BaseUrl, ClientAddress), CancellationToken.None);

        Assert.That(storedPaste, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(storedPaste!.Id, Is.EqualTo(GeneratedId));
            Assert.That(storedPaste.MimeType, Is.EqualTo("text/plain"));
            Assert.That(storedPaste.Size, Is.EqualTo(5));
            Assert.That(storedPaste.Owner, Is.EqualTo(StoredPastes.Owner));
            Assert.That(storedPaste.CreatedAt, Is.EqualTo(Now));
            Assert.That(storedPaste.LastAccessedAt, Is.EqualTo(Now));
            Assert.That(created.Id, Is.EqualTo(GeneratedId));
            Assert.That(created.Url, Is.EqualTo(BaseUrl + "/" + GeneratedId));
            Assert.That(created.MimeType, Is.EqualTo("text/plain"));
            Assert.That(created.CreatedAt, Is.EqualTo(Now));
            Assert.That(created.Owner, Is.EqualTo(StoredPastes.Owner));
            Assert.That(created.ExpiresAt, Is.EqualTo(Now + StoredPastes.Expiry));
        }
        repository.Verify(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<PasteAdmission>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Stores_an_anonymous_paste_without_owner()
    {
        var created = await handler.Handle(new CreatePasteCommand(new MemoryStream("hello"u8.ToArray()), null, null, BaseUrl, ClientAddress), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(storedPaste?.Owner, Is.Null);
            Assert.That(created.Owner, Is.Null);
        }
    }

    [TestCase(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00 }, "text/plain", "image/png")]
    [TestCase(new byte[] { 0x7B, 0x7D }, "application/json; charset=utf-8", "application/json")]
    [TestCase(new byte[] { 0x68, 0x69 }, "application/x-www-form-urlencoded", "text/plain")]
    [TestCase(new byte[] { 0x00, 0xFF }, null, "application/octet-stream")]
    public async Task Stores_the_detected_type(byte[] content, string? declared, string expected)
    {
        var created = await handler.Handle(new CreatePasteCommand(new MemoryStream(content), declared, null, BaseUrl, ClientAddress), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.MimeType, Is.EqualTo(expected));
            Assert.That(storedPaste?.MimeType, Is.EqualTo(expected));
        }
    }

    [Test]
    public async Task Passes_the_content_to_the_repository_byte_for_byte()
    {
        byte[] content = [0x00, 0xFF, 0x0D, 0x0A, 0x0A, 0x20, 0x09, 0xEF, 0xBB, 0xBF, 0x80];

        await handler.Handle(new CreatePasteCommand(new MemoryStream(content), null, StoredPastes.Owner, BaseUrl, ClientAddress), CancellationToken.None);

        Assert.That(storedContent, Is.EqualTo(content).AsCollection);
    }

    [Test]
    public async Task Stores_the_content_from_the_streams_position_to_its_end()
    {
        var stream = new MemoryStream([.. "XXhello world"u8]) { Position = 2 };

        await handler.Handle(new CreatePasteCommand(stream, null, StoredPastes.Owner, BaseUrl, ClientAddress), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(storedContent, Is.EqualTo("hello world"u8.ToArray()).AsCollection);
            Assert.That(storedPaste?.Size, Is.EqualTo(11));
        }
    }

    [Test]
    public async Task Content_larger_than_one_read_is_inspected_whole_and_stored_byte_for_byte()
    {
        // A three-byte character straddles every 64 KiB boundary, and one invalid byte sits near the end.
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a日", 100_000)));
        var binary = text.Append((byte)0xFF).Concat(text[..100]).ToArray();

        var asText = await handler.Handle(Command(text), CancellationToken.None);
        var storedText = storedContent;
        var asBinary = await handler.Handle(Command(binary), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(asText.MimeType, Is.EqualTo("text/plain"));
            Assert.That(storedText, Is.EqualTo(text).AsCollection);
            Assert.That(asBinary.MimeType, Is.EqualTo("application/octet-stream"));
            Assert.That(storedContent, Is.EqualTo(binary).AsCollection);
            Assert.That(storedPaste?.Size, Is.EqualTo(binary.Length));
        }
    }

    [Test]
    public async Task Without_receivers_nothing_is_announced_and_the_dispatcher_is_left_asleep()
    {
        await handler.Handle(new CreatePasteCommand(new MemoryStream("hello"u8.ToArray()), null, null, BaseUrl, ClientAddress), CancellationToken.None);

        Assert.That(storedAnnouncements, Is.Empty);
        dispatchSignal.Verify(s => s.Notify(), Times.Never);
    }

    [Test]
    public async Task The_dispatcher_is_woken_once_the_announcements_are_stored()
    {
        webhookOptions.Urls.Add("https://one.example/hook");
        repository
            .Setup(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<PasteAdmission>(), It.IsAny<CancellationToken>()))
            .Callback(() => dispatchSignal.Verify(s => s.Notify(), Times.Never, "woken before the announcements were stored"))
            .Returns(Task.CompletedTask);

        await handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None);

        dispatchSignal.Verify(s => s.Notify(), Times.Once);
    }

    [Test]
    public void The_dispatcher_is_not_woken_when_storing_fails()
    {
        webhookOptions.Urls.Add("https://one.example/hook");
        repository
            .Setup(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<PasteAdmission>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("disk full"));

        Assert.ThrowsAsync<IOException>(async () => await handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None));
        dispatchSignal.Verify(s => s.Notify(), Times.Never);
    }

    [Test]
    public async Task Each_receiver_gets_one_pending_announcement_of_the_same_event_stored_with_the_paste()
    {
        webhookOptions.Urls.Add("https://one.example/hook");
        webhookOptions.Urls.Add("https://two.example/hook");

        await handler.Handle(new CreatePasteCommand(new MemoryStream("hello"u8.ToArray()), null, null, BaseUrl, ClientAddress), CancellationToken.None);

        Assert.That(storedAnnouncements, Is.Not.Null);
        var announcements = storedAnnouncements!.ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(announcements.Select(a => a.Url), Is.EqualTo(webhookOptions.Urls));
            Assert.That(announcements.Select(a => a.EventId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(announcements.Select(a => a.Payload).Distinct().Count(), Is.EqualTo(1));
            Assert.That(announcements, Has.All.Matches<WebhookDelivery>(a => a.Status == WebhookDeliveryStatus.Pending && a.NextAttemptAt == Now));
            Assert.That(announcements[0].Payload, Does.Contain("\"url\":\"https://paste.example/" + GeneratedId + "\"").And.Contain("\"type\":\"newpaste\""));
        }
    }

    [Test]
    public async Task The_lifetime_and_the_view_limit_asked_for_reach_the_stored_paste_and_the_answer()
    {
        var created = await handler.Handle(Command("hello"u8.ToArray()) with { Lifetime = TimeSpan.FromHours(2), MaxViews = 3 }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(storedPaste?.Deadline, Is.EqualTo(Now + TimeSpan.FromHours(2)));
            Assert.That(storedPaste?.MaxViews, Is.EqualTo(3));
            Assert.That(storedPaste?.ViewsLeft, Is.EqualTo(3));
            Assert.That(created.ExpiresAt, Is.EqualTo(Now + TimeSpan.FromHours(2)), "the deadline comes before the expiry");
            Assert.That(created.ViewsLeft, Is.EqualTo(3));
            Assert.That(created.BurnAfterReading, Is.False);
        }
    }

    [Test]
    public async Task Burn_after_reading_is_stored_as_a_single_allowed_read()
    {
        var created = await handler.Handle(Command("hello"u8.ToArray()) with { BurnAfterReading = true }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(storedPaste?.MaxViews, Is.EqualTo(1));
            Assert.That(storedPaste?.BurnsAfterReading, Is.True);
            Assert.That(created.ViewsLeft, Is.EqualTo(1));
            Assert.That(created.BurnAfterReading, Is.True);
        }
    }

    [Test]
    public async Task A_paste_without_limits_has_no_deadline_and_no_view_count()
    {
        var created = await handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(storedPaste?.Deadline, Is.Null);
            Assert.That(storedPaste?.ViewsLeft, Is.Null);
            Assert.That(created.ViewsLeft, Is.Null);
            Assert.That(created.ExpiresAt, Is.EqualTo(Now + StoredPastes.Expiry));
        }
    }

    [Test]
    public async Task The_delete_token_is_returned_and_only_its_hash_is_stored()
    {
        var created = await handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.DeleteToken, Has.Length.GreaterThanOrEqualTo(43));
            Assert.That(storedPaste?.DeleteTokenHash, Is.EqualTo(DeleteToken.Hash(created.DeleteToken!)));
            Assert.That(storedPaste?.AcceptsDeleteToken(created.DeleteToken!), Is.True);
        }
    }

    [Test]
    public async Task Each_paste_gets_a_delete_token_of_its_own()
    {
        var first = await handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None);
        var second = await handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None);

        Assert.That(second.DeleteToken, Is.Not.EqualTo(first.DeleteToken));
    }

    [Test]
    public async Task The_answer_names_the_contents_sha256()
    {
        var created = await handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData("hello"u8))));
            Assert.That(storedPaste?.Sha256, Is.EqualTo(SHA256.HashData("hello"u8)));
        }
    }

    [Test]
    public async Task A_create_without_an_idempotency_key_neither_looks_one_up_nor_stores_one()
    {
        await handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None);

        Assert.That(storedAdmission?.IdempotencyKey, Is.Null);
        repository.Verify(
            r => r.FindIdempotentCreateAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task The_idempotency_key_is_stored_with_the_paste_and_its_answer_protected()
    {
        var created = await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key }, CancellationToken.None);

        var key = storedAdmission?.IdempotencyKey;
        Assert.That(key, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(key!.Key, Is.EqualTo(Key));
            Assert.That(key.CreatedAt, Is.EqualTo(Now));
            Assert.That(key.Response, Does.Not.Contain(created.DeleteToken!), "the delete token is not readable at rest");
        }
    }

    [Test]
    public async Task A_retry_with_the_same_key_and_request_gets_the_first_answer_and_stores_nothing_more()
    {
        var first = await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key, MaxViews = 2, Owner = StoredPastes.Owner }, CancellationToken.None);
        RememberStoredKey();

        var retry = await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key, MaxViews = 2, Owner = StoredPastes.Owner }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(retry, Is.EqualTo(first with { Replayed = true }));
            Assert.That(first.Replayed, Is.False);
        }

        repository.Verify(
            r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<PasteAdmission>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Test]
    public async Task An_anonymous_retry_gets_the_first_answer_without_its_delete_token()
    {
        var first = await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key }, CancellationToken.None);
        RememberStoredKey();

        var retry = await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.DeleteToken, Is.Not.Null);
            Assert.That(retry, Is.EqualTo(first with { Replayed = true, DeleteToken = null }));
        }
    }

    [Test]
    public async Task A_retry_looks_its_key_up_within_the_last_day_only()
    {
        await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key }, CancellationToken.None);

        repository.Verify(r => r.FindIdempotentCreateAsync(It.IsAny<string>(), Key, Now - TimeSpan.FromHours(24), It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase("other content", null, null, TestName = "{m}(other content)")]
    [TestCase("hello", "text/markdown", null, TestName = "{m}(another declared type)")]
    [TestCase("hello", null, 5, TestName = "{m}(another view limit)")]
    public async Task The_same_key_with_another_request_is_refused(string content, string? declaredType, int? maxViews)
    {
        await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key }, CancellationToken.None);
        RememberStoredKey();

        Assert.ThrowsAsync<IdempotencyKeyReusedException>(async () =>
            await handler.Handle(Command(Encoding.UTF8.GetBytes(content)) with { IdempotencyKey = Key, DeclaredContentType = declaredType, MaxViews = maxViews }, CancellationToken.None));
        repository.Verify(
            r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<PasteAdmission>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Test]
    public async Task A_retry_that_lost_the_race_for_its_key_answers_as_the_winner_did()
    {
        var winner = await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key, Owner = StoredPastes.Owner }, CancellationToken.None);
        var winnersKey = storedAdmission!.IdempotencyKey!;
        repository
            .SetupSequence(r => r.FindIdempotentCreateAsync(winnersKey.Scope, Key, It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IdempotentCreate?)null)
            .ReturnsAsync(winnersKey);
        repository
            .Setup(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<PasteAdmission>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IdempotencyKeyTakenException());
        webhookOptions.Urls.Add("https://one.example/hook");

        var loser = await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key, Owner = StoredPastes.Owner }, CancellationToken.None);

        Assert.That(loser, Is.EqualTo(winner with { Replayed = true }));
        dispatchSignal.Verify(s => s.Notify(), Times.Never, "the loser stored no announcement");
    }

    [Test]
    public async Task A_racing_create_with_the_same_key_but_another_request_is_refused()
    {
        await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key }, CancellationToken.None);
        var winnersKey = storedAdmission!.IdempotencyKey!;
        repository
            .SetupSequence(r => r.FindIdempotentCreateAsync(winnersKey.Scope, Key, It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IdempotentCreate?)null)
            .ReturnsAsync(winnersKey);
        repository
            .Setup(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<PasteAdmission>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IdempotencyKeyTakenException());

        Assert.ThrowsAsync<IdempotencyKeyReusedException>(async () =>
            await handler.Handle(Command("goodbye"u8.ToArray()) with { IdempotencyKey = Key }, CancellationToken.None));
    }

    [Test]
    public async Task An_owners_keys_are_the_owners_and_an_anonymous_callers_keys_are_its_addresss()
    {
        await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key, Owner = StoredPastes.Owner }, CancellationToken.None);
        var ownersScope = storedAdmission!.IdempotencyKey!.Scope;
        await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key, Owner = StoredPastes.OtherOwner }, CancellationToken.None);
        var otherOwnersScope = storedAdmission!.IdempotencyKey!.Scope;
        await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key }, CancellationToken.None);
        var anonymousScope = storedAdmission!.IdempotencyKey!.Scope;
        await handler.Handle(Command("hello"u8.ToArray()) with { IdempotencyKey = Key, ClientAddress = "192.0.2.8" }, CancellationToken.None);
        var otherAddressScope = storedAdmission!.IdempotencyKey!.Scope;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { ownersScope, otherOwnersScope, anonymousScope, otherAddressScope }, Is.Unique);
            Assert.That(ownersScope, Does.Contain(StoredPastes.Owner));
            Assert.That(anonymousScope, Does.Contain(ClientAddress));
        }
    }

    [Test]
    public async Task An_owners_create_carries_the_owners_quota()
    {
        pasteOptions.Quotas = new QuotaOptions { MaxPastesPerOwner = 3, MaxBytesPerOwner = 1000 };

        await handler.Handle(Command("hello"u8.ToArray()) with { Owner = StoredPastes.Owner }, CancellationToken.None);

        Assert.That(storedAdmission?.Quota, Is.EqualTo(new OwnerQuota(StoredPastes.Owner, 3, 1000, Now, StoredPastes.Expiry)));
    }

    [Test]
    public async Task One_quota_alone_is_carried_too()
    {
        pasteOptions.Quotas = new QuotaOptions { MaxBytesPerOwner = 1000 };

        await handler.Handle(Command("hello"u8.ToArray()) with { Owner = StoredPastes.Owner }, CancellationToken.None);

        Assert.That(storedAdmission?.Quota, Is.EqualTo(new OwnerQuota(StoredPastes.Owner, null, 1000, Now, StoredPastes.Expiry)));
    }

    [Test]
    public async Task An_anonymous_create_has_no_quota()
    {
        pasteOptions.Quotas = new QuotaOptions { MaxPastesPerOwner = 3, MaxBytesPerOwner = 1000 };

        await handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None);

        Assert.That(storedAdmission?.Quota, Is.Null);
    }

    [Test]
    public async Task Without_quotas_set_an_owners_create_has_none()
    {
        await handler.Handle(Command("hello"u8.ToArray()) with { Owner = StoredPastes.Owner }, CancellationToken.None);

        Assert.That(storedAdmission?.Quota, Is.Null);
    }

    /// <summary>Makes the repository find the idempotency key the last create stored, as the store would.</summary>
    private void RememberStoredKey()
    {
        var key = storedAdmission!.IdempotencyKey!;
        repository
            .Setup(r => r.FindIdempotentCreateAsync(key.Scope, key.Key, It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(key);
    }

    private static CreatePasteCommand Command(byte[] content) => new(new MemoryStream(content), null, null, BaseUrl, ClientAddress);
}
