using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Clients;
using Paste.Application.Common;
using Paste.Application.Pastes;
using Paste.Application.Webhooks;
using Paste.Domain.Webhooks;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Application.Tests.Pastes;

public sealed class CreatePasteHandlerTests
{
    private const string GeneratedId = "Zx9Yw8Vu7Ts6Rq5P";
    private const string BaseUrl = "https://paste.example";
    private const string ClientAddress = "192.0.2.7";
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 9, 30, 0, TimeSpan.Zero);

    private Mock<IPasteRepository> repository = null!;
    private PasteEntity? storedPaste;
    private byte[]? storedContent;
    private IReadOnlyCollection<WebhookDelivery>? storedAnnouncements;
    private WebhookOptions webhookOptions = null!;
    private Mock<IWebhookDispatchSignal> dispatchSignal = null!;
    private CreatePasteHandler handler = null!;

    [SetUp]
    public void SetUp()
    {
        storedPaste = null;
        storedContent = null;
        storedAnnouncements = null;
        webhookOptions = new WebhookOptions();
        repository = new Mock<IPasteRepository>();
        repository
            .Setup(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<PasteAdmission>(), It.IsAny<CancellationToken>()))
            .Callback((PasteEntity paste, Stream content, IReadOnlyCollection<WebhookDelivery> announcements, PasteAdmission _, CancellationToken _) =>
            {
                using var stored = new MemoryStream();
                content.CopyTo(stored);
                (storedPaste, storedContent, storedAnnouncements) = (paste, stored.ToArray(), announcements);
            })
            .Returns(Task.CompletedTask);
        var idGenerator = new Mock<IPasteIdGenerator>();
        idGenerator.Setup(g => g.NewId()).Returns(GeneratedId);
        dispatchSignal = new Mock<IWebhookDispatchSignal>();
        handler = new CreatePasteHandler(
            repository.Object, idGenerator.Object, new FakeTimeProvider(Now), StoredPastes.Options(), Options.Create(webhookOptions), dispatchSignal.Object, new Mock<ISecretProtector>().Object, new PasteMetrics());
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

    private static CreatePasteCommand Command(byte[] content) => new(new MemoryStream(content), null, null, BaseUrl, ClientAddress);
}
