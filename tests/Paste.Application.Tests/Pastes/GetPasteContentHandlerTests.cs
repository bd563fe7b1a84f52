using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Common;
using Paste.Application.Pastes;

namespace Paste.Application.Tests.Pastes;

public sealed class GetPasteContentHandlerTests
{
    private static readonly GetPasteContentQuery Query = new(StoredPastes.Id);

    private Mock<IPasteRepository> repository = null!;
    private FakeTimeProvider clock = null!;
    private MemoryStream content = null!;

    [SetUp]
    public void SetUp()
    {
        repository = new Mock<IPasteRepository>();
        clock = new FakeTimeProvider(StoredPastes.LastAccessedAt);
        content = new MemoryStream([1, 2, 3]);
    }

    [TearDown]
    public void TearDown() => content.Dispose();

    [Test]
    public void Reports_not_found_when_the_repository_has_no_such_paste()
    {
        repository.Setup(r => r.OpenAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync((OpenedPaste?)null);

        Assert.ThrowsAsync<NotFoundException>(async () => await Handler().Handle(Query, CancellationToken.None));
    }

    [TestCase(0)]
    [TestCase(1)]
    public void Reports_not_found_and_closes_the_content_of_an_expired_paste_the_repository_still_holds(int secondsPastExpiry)
    {
        SetUpStoredPaste();
        clock.Advance(StoredPastes.Expiry + TimeSpan.FromSeconds(secondsPastExpiry));

        Assert.ThrowsAsync<NotFoundException>(async () => await Handler().Handle(Query, CancellationToken.None));
        Assert.That(content.CanRead, Is.False, "the content stream is disposed");
        repository.Verify(
            r => r.RecordAccessAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Test]
    public void Closes_the_content_when_counting_the_read_fails()
    {
        SetUpStoredPaste();
        clock.Advance(TimeSpan.FromDays(1));
        repository
            .Setup(r => r.RecordAccessAsync(StoredPastes.Id, It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("disk full"));

        Assert.ThrowsAsync<IOException>(async () => await Handler().Handle(Query, CancellationToken.None));
        Assert.That(content.CanRead, Is.False, "the content stream is disposed");
    }

    [Test]
    public async Task Returns_the_repositorys_stream_with_the_metadata()
    {
        SetUpStoredPaste(StoredPastes.Owner);
        clock.Advance(TimeSpan.FromSeconds(10));

        var result = await Handler().Handle(Query, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Content, Is.SameAs(content));
            Assert.That(result.Metadata.Id, Is.EqualTo(StoredPastes.Id));
            Assert.That(result.Metadata.MimeType, Is.EqualTo("image/png"));
            Assert.That(result.Metadata.Size, Is.EqualTo(1234));
            Assert.That(result.Metadata.Owner, Is.EqualTo(StoredPastes.Owner));
        }
    }

    [Test]
    public async Task Records_a_read_older_than_the_coalescing_window_once_at_the_current_time()
    {
        SetUpStoredPaste();
        clock.Advance(TimeSpan.FromDays(1));
        var now = clock.GetUtcNow();

        var result = await Handler().Handle(Query, CancellationToken.None);

        repository.Verify(r => r.RecordAccessAsync(StoredPastes.Id, now, It.IsAny<CancellationToken>()), Times.Once);
        repository.Verify(
            r => r.RecordAccessAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()),
            Times.Once);
        Assert.That(result.Metadata.ExpiresAt, Is.EqualTo(now + StoredPastes.Expiry));
    }

    [Test]
    public async Task Does_not_write_for_a_read_within_the_coalescing_window()
    {
        SetUpStoredPaste();
        clock.Advance(TimeSpan.FromSeconds(59));

        await Handler().Handle(Query, CancellationToken.None);

        repository.Verify(
            r => r.RecordAccessAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    private void SetUpStoredPaste(string? owner = null) =>
        repository
            .Setup(r => r.OpenAsync(StoredPastes.Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OpenedPaste(StoredPastes.Restore(owner), content));

    private GetPasteContentHandler Handler() => new(repository.Object, clock, StoredPastes.Options(), new PasteMetrics());
}
