using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
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
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 9, 30, 0, TimeSpan.Zero);

    private Mock<IPasteRepository> _repository = null!;
    private PasteEntity? _storedPaste;
    private byte[]? _storedContent;
    private IReadOnlyCollection<WebhookDelivery>? _announcements;
    private WebhookOptions _webhookOptions = null!;
    private Mock<IWebhookDispatchSignal> _dispatchSignal = null!;
    private CreatePasteHandler _handler = null!;

    [SetUp]
    public void SetUp()
    {
        _storedPaste = null;
        _storedContent = null;
        _announcements = null;
        _webhookOptions = new WebhookOptions();
        _repository = new Mock<IPasteRepository>();
        _repository
            .Setup(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<CancellationToken>()))
            .Callback((PasteEntity paste, Stream content, IReadOnlyCollection<WebhookDelivery> announcements, CancellationToken _) =>
            {
                using var stored = new MemoryStream();
                content.CopyTo(stored);
                (_storedPaste, _storedContent, _announcements) = (paste, stored.ToArray(), announcements);
            })
            .Returns(Task.CompletedTask);
        var idGenerator = new Mock<IPasteIdGenerator>();
        idGenerator.Setup(g => g.NewId()).Returns(GeneratedId);
        _dispatchSignal = new Mock<IWebhookDispatchSignal>();
        _handler = new CreatePasteHandler(_repository.Object, idGenerator.Object, new FakeTimeProvider(Now), Options.Create(_webhookOptions), _dispatchSignal.Object);
    }

    [Test]
    public async Task Stores_the_paste_under_the_generated_id_with_owner_type_size_and_clock_time()
    {
        var created = await _handler.Handle(new CreatePasteCommand(new MemoryStream("hello"u8.ToArray()), null, StoredPastes.Owner, BaseUrl), CancellationToken.None);

        Assert.That(_storedPaste, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(_storedPaste!.Id, Is.EqualTo(GeneratedId));
            Assert.That(_storedPaste.MimeType, Is.EqualTo("text/plain"));
            Assert.That(_storedPaste.Size, Is.EqualTo(5));
            Assert.That(_storedPaste.Owner, Is.EqualTo(StoredPastes.Owner));
            Assert.That(_storedPaste.CreatedAt, Is.EqualTo(Now));
            Assert.That(_storedPaste.LastAccessedAt, Is.EqualTo(Now));
            Assert.That(created, Is.EqualTo(new CreatedPaste(GeneratedId, BaseUrl + "/" + GeneratedId, "text/plain", Now, StoredPastes.Owner)));
        });
        _repository.Verify(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Stores_an_anonymous_paste_without_owner()
    {
        var created = await _handler.Handle(new CreatePasteCommand(new MemoryStream("hello"u8.ToArray()), null, null, BaseUrl), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_storedPaste?.Owner, Is.Null);
            Assert.That(created.Owner, Is.Null);
        });
    }

    [TestCase(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00 }, "text/plain", "image/png")]
    [TestCase(new byte[] { 0x7B, 0x7D }, "application/json; charset=utf-8", "application/json")]
    [TestCase(new byte[] { 0x68, 0x69 }, "application/x-www-form-urlencoded", "text/plain")]
    [TestCase(new byte[] { 0x00, 0xFF }, null, "application/octet-stream")]
    public async Task Stores_the_detected_type(byte[] content, string? declared, string expected)
    {
        var created = await _handler.Handle(new CreatePasteCommand(new MemoryStream(content), declared, null, BaseUrl), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(created.MimeType, Is.EqualTo(expected));
            Assert.That(_storedPaste?.MimeType, Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task Passes_the_content_to_the_repository_byte_for_byte()
    {
        byte[] content = [0x00, 0xFF, 0x0D, 0x0A, 0x0A, 0x20, 0x09, 0xEF, 0xBB, 0xBF, 0x80];

        await _handler.Handle(new CreatePasteCommand(new MemoryStream(content), null, StoredPastes.Owner, BaseUrl), CancellationToken.None);

        Assert.That(_storedContent, Is.EqualTo(content).AsCollection);
    }

    [Test]
    public async Task Stores_the_content_from_the_streams_position_to_its_end()
    {
        var stream = new MemoryStream([.. "XXhello world"u8]) { Position = 2 };

        await _handler.Handle(new CreatePasteCommand(stream, null, StoredPastes.Owner, BaseUrl), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_storedContent, Is.EqualTo("hello world"u8.ToArray()).AsCollection);
            Assert.That(_storedPaste?.Size, Is.EqualTo(11));
        });
    }

    [Test]
    public async Task Content_larger_than_one_read_is_inspected_whole_and_stored_byte_for_byte()
    {
        // A three-byte character straddles every 64 KiB boundary, and one invalid byte sits near the end.
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a日", 100_000)));
        var binary = text.Append((byte)0xFF).Concat(text[..100]).ToArray();

        var asText = await _handler.Handle(Command(text), CancellationToken.None);
        var storedText = _storedContent;
        var asBinary = await _handler.Handle(Command(binary), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(asText.MimeType, Is.EqualTo("text/plain"));
            Assert.That(storedText, Is.EqualTo(text).AsCollection);
            Assert.That(asBinary.MimeType, Is.EqualTo("application/octet-stream"));
            Assert.That(_storedContent, Is.EqualTo(binary).AsCollection);
            Assert.That(_storedPaste?.Size, Is.EqualTo(binary.Length));
        });
    }

    [Test]
    public async Task Without_receivers_nothing_is_announced_and_the_dispatcher_is_left_asleep()
    {
        await _handler.Handle(new CreatePasteCommand(new MemoryStream("hello"u8.ToArray()), null, null, BaseUrl), CancellationToken.None);

        Assert.That(_announcements, Is.Empty);
        _dispatchSignal.Verify(s => s.Notify(), Times.Never);
    }

    [Test]
    public async Task The_dispatcher_is_woken_once_the_announcements_are_stored()
    {
        _webhookOptions.Urls.Add("https://one.example/hook");
        _repository
            .Setup(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<CancellationToken>()))
            .Callback(() => _dispatchSignal.Verify(s => s.Notify(), Times.Never, "woken before the announcements were stored"))
            .Returns(Task.CompletedTask);

        await _handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None);

        _dispatchSignal.Verify(s => s.Notify(), Times.Once);
    }

    [Test]
    public void The_dispatcher_is_not_woken_when_storing_fails()
    {
        _webhookOptions.Urls.Add("https://one.example/hook");
        _repository
            .Setup(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<Stream>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("disk full"));

        Assert.ThrowsAsync<IOException>(async () => await _handler.Handle(Command("hello"u8.ToArray()), CancellationToken.None));
        _dispatchSignal.Verify(s => s.Notify(), Times.Never);
    }

    [Test]
    public async Task Each_receiver_gets_one_pending_announcement_of_the_same_event_stored_with_the_paste()
    {
        _webhookOptions.Urls.Add("https://one.example/hook");
        _webhookOptions.Urls.Add("https://two.example/hook");

        await _handler.Handle(new CreatePasteCommand(new MemoryStream("hello"u8.ToArray()), null, null, BaseUrl), CancellationToken.None);

        Assert.That(_announcements, Is.Not.Null);
        var announcements = _announcements!.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(announcements.Select(a => a.Url), Is.EqualTo(_webhookOptions.Urls));
            Assert.That(announcements.Select(a => a.EventId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(announcements.Select(a => a.Payload).Distinct().Count(), Is.EqualTo(1));
            Assert.That(announcements, Has.All.Matches<WebhookDelivery>(a => a.Status == WebhookDeliveryStatus.Pending && a.NextAttemptAt == Now));
            Assert.That(announcements[0].Payload, Does.Contain("\"url\":\"https://paste.example/" + GeneratedId + "\"").And.Contain("\"type\":\"newpaste\""));
        });
    }

    private static CreatePasteCommand Command(byte[] content) => new(new MemoryStream(content), null, null, BaseUrl);
}
