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
    private const long AnonymousLimit = 10;
    private const long AuthenticatedLimit = 20;
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 9, 30, 0, TimeSpan.Zero);

    private Mock<IPasteRepository> _repository = null!;
    private PasteEntity? _storedPaste;
    private byte[]? _storedContent;
    private IReadOnlyCollection<WebhookDelivery>? _announcements;
    private WebhookOptions _webhookOptions = null!;
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
            .Setup(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<byte[]>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<CancellationToken>()))
            .Callback((PasteEntity paste, byte[] content, IReadOnlyCollection<WebhookDelivery> announcements, CancellationToken _) =>
                (_storedPaste, _storedContent, _announcements) = (paste, content, announcements))
            .Returns(Task.CompletedTask);
        var idGenerator = new Mock<IPasteIdGenerator>();
        idGenerator.Setup(g => g.NewId()).Returns(GeneratedId);
        var options = Options.Create(new PasteOptions { MaxAnonymousBytes = AnonymousLimit, MaxAuthenticatedBytes = AuthenticatedLimit });
        _handler = new CreatePasteHandler(_repository.Object, idGenerator.Object, new FakeTimeProvider(Now), options, Options.Create(_webhookOptions));
    }

    [Test]
    public async Task Stores_the_paste_under_the_generated_id_with_owner_type_size_and_clock_time()
    {
        var created = await _handler.Handle(new CreatePasteCommand("hello"u8.ToArray(), null, StoredPastes.Owner, BaseUrl), CancellationToken.None);

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
        _repository.Verify(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<byte[]>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Stores_an_anonymous_paste_without_owner()
    {
        var created = await _handler.Handle(new CreatePasteCommand("hello"u8.ToArray(), null, null, BaseUrl), CancellationToken.None);

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
        var created = await _handler.Handle(new CreatePasteCommand(content, declared, null, BaseUrl), CancellationToken.None);

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

        await _handler.Handle(new CreatePasteCommand(content, null, StoredPastes.Owner, BaseUrl), CancellationToken.None);

        Assert.That(_storedContent, Is.EqualTo(content).AsCollection);
    }

    [Test]
    public async Task Stores_only_the_commands_slice_of_a_larger_buffer()
    {
        byte[] buffer = [.. "XXhello worldYY"u8];

        await _handler.Handle(new CreatePasteCommand(buffer.AsMemory(2, 11), null, StoredPastes.Owner, BaseUrl), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_storedContent, Is.EqualTo("hello world"u8.ToArray()).AsCollection);
            Assert.That(_storedPaste?.Size, Is.EqualTo(11));
        });
    }

    [Test]
    public async Task Accepts_an_anonymous_paste_exactly_at_the_anonymous_limit()
    {
        await _handler.Handle(new CreatePasteCommand(new byte[AnonymousLimit], null, null, BaseUrl), CancellationToken.None);

        Assert.That(_storedPaste?.Size, Is.EqualTo(AnonymousLimit));
    }

    [Test]
    public void Rejects_an_anonymous_paste_over_the_anonymous_limit()
    {
        var command = new CreatePasteCommand(new byte[AnonymousLimit + 1], null, null, BaseUrl);

        var exception = Assert.ThrowsAsync<PayloadTooLargeException>(async () => await _handler.Handle(command, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(exception.Size, Is.EqualTo(AnonymousLimit + 1));
            Assert.That(exception.MaxSize, Is.EqualTo(AnonymousLimit));
            Assert.That(exception.Authenticated, Is.False);
            Assert.That(exception.Message, Is.EqualTo("Paste too large"));
        });
        _repository.Verify(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<byte[]>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [TestCase(AnonymousLimit + 1)]
    [TestCase(AuthenticatedLimit)]
    public async Task Accepts_an_authenticated_paste_up_to_the_authenticated_limit(long size)
    {
        await _handler.Handle(new CreatePasteCommand(new byte[size], null, StoredPastes.Owner, BaseUrl), CancellationToken.None);

        Assert.That(_storedPaste?.Size, Is.EqualTo(size));
    }

    [Test]
    public void Rejects_an_authenticated_paste_over_the_authenticated_limit()
    {
        var command = new CreatePasteCommand(new byte[AuthenticatedLimit + 1], null, StoredPastes.Owner, BaseUrl);

        var exception = Assert.ThrowsAsync<PayloadTooLargeException>(async () => await _handler.Handle(command, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(exception.Size, Is.EqualTo(AuthenticatedLimit + 1));
            Assert.That(exception.MaxSize, Is.EqualTo(AuthenticatedLimit));
            Assert.That(exception.Authenticated, Is.True);
        });
        _repository.Verify(r => r.AddAsync(It.IsAny<PasteEntity>(), It.IsAny<byte[]>(), It.IsAny<IReadOnlyCollection<WebhookDelivery>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Without_receivers_nothing_is_announced()
    {
        await _handler.Handle(new CreatePasteCommand("hello"u8.ToArray(), null, null, BaseUrl), CancellationToken.None);

        Assert.That(_announcements, Is.Empty);
    }

    [Test]
    public async Task Each_receiver_gets_one_pending_announcement_of_the_same_event_stored_with_the_paste()
    {
        _webhookOptions.Urls.Add("https://one.example/hook");
        _webhookOptions.Urls.Add("https://two.example/hook");

        await _handler.Handle(new CreatePasteCommand("hello"u8.ToArray(), null, null, BaseUrl + "/"), CancellationToken.None);

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
}
