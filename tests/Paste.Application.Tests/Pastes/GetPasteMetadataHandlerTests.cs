using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Common;
using Paste.Application.Pastes;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Application.Tests.Pastes;

public sealed class GetPasteMetadataHandlerTests
{
    private static readonly GetPasteMetadataQuery Query = new(StoredPastes.Id);

    private Mock<IPasteRepository> repository = null!;
    private FakeTimeProvider clock = null!;

    [SetUp]
    public void SetUp()
    {
        repository = new Mock<IPasteRepository>();
        clock = new FakeTimeProvider(StoredPastes.LastAccessedAt);
    }

    [Test]
    public void Reports_not_found_when_the_repository_has_no_such_paste()
    {
        repository.Setup(r => r.FindAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync((PasteEntity?)null);

        Assert.ThrowsAsync<NotFoundException>(async () => await Handler().Handle(Query, CancellationToken.None));
    }

    [TestCase(0, TestName = "{m}(exactly at expiry)")]
    [TestCase(1, TestName = "{m}(a second after expiry)")]
    [TestCase(86_400 * 30, TestName = "{m}(a month after expiry)")]
    public void Reports_not_found_for_an_expired_paste_the_repository_still_holds(int secondsPastExpiry)
    {
        SetUpStoredPaste();
        clock.Advance(StoredPastes.Expiry + TimeSpan.FromSeconds(secondsPastExpiry));

        Assert.ThrowsAsync<NotFoundException>(async () => await Handler().Handle(Query, CancellationToken.None));
        repository.Verify(
            r => r.RecordAccessAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()),
            Times.Never,
            "reading an expired paste must not bring it back to life");
    }

    [Test]
    public async Task Returns_a_paste_one_second_before_it_expires()
    {
        SetUpStoredPaste();
        clock.Advance(StoredPastes.Expiry - TimeSpan.FromSeconds(1));

        var metadata = await Handler().Handle(Query, CancellationToken.None);

        Assert.That(metadata.Id, Is.EqualTo(StoredPastes.Id));
    }

    [Test]
    public async Task Returns_the_stored_metadata()
    {
        SetUpStoredPaste(StoredPastes.Owner);
        clock.Advance(TimeSpan.FromHours(1));

        var metadata = await Handler().Handle(Query, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(metadata.Id, Is.EqualTo(StoredPastes.Id));
            Assert.That(metadata.MimeType, Is.EqualTo("image/png"));
            Assert.That(metadata.Size, Is.EqualTo(1234));
            Assert.That(metadata.CreatedAt, Is.EqualTo(StoredPastes.CreatedAt));
            Assert.That(metadata.Owner, Is.EqualTo(StoredPastes.Owner));
        }
    }

    [Test]
    public async Task Records_a_read_older_than_the_coalescing_window_once_at_the_current_time()
    {
        SetUpStoredPaste();
        clock.Advance(TimeSpan.FromMinutes(2));
        var now = clock.GetUtcNow();

        var metadata = await Handler().Handle(Query, CancellationToken.None);

        repository.Verify(r => r.RecordAccessAsync(StoredPastes.Id, now, It.IsAny<CancellationToken>()), Times.Once);
        repository.Verify(
            r => r.RecordAccessAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()),
            Times.Once);
        Assert.That(metadata.ExpiresAt, Is.EqualTo(now + StoredPastes.Expiry));
    }

    [Test]
    public async Task Records_a_read_exactly_one_window_after_the_last_access()
    {
        SetUpStoredPaste();
        clock.Advance(TimeSpan.FromSeconds(60));

        await Handler().Handle(Query, CancellationToken.None);

        repository.Verify(r => r.RecordAccessAsync(StoredPastes.Id, clock.GetUtcNow(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase(0)]
    [TestCase(30)]
    [TestCase(59)]
    public async Task Does_not_write_for_a_read_within_the_coalescing_window(int secondsSinceAccess)
    {
        SetUpStoredPaste();
        clock.Advance(TimeSpan.FromSeconds(secondsSinceAccess));

        await Handler().Handle(Query, CancellationToken.None);

        repository.Verify(
            r => r.RecordAccessAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Test]
    public async Task A_coalesced_read_reports_the_expiry_that_is_stored()
    {
        SetUpStoredPaste();
        clock.Advance(TimeSpan.FromSeconds(30));

        var metadata = await Handler().Handle(Query, CancellationToken.None);

        Assert.That(metadata.ExpiresAt, Is.EqualTo(StoredPastes.LastAccessedAt + StoredPastes.Expiry));
    }

    [TestCase(9, false)]
    [TestCase(10, true)]
    public async Task Shrinks_the_coalescing_window_to_a_tenth_of_a_short_expiry(int secondsSinceAccess, bool recorded)
    {
        SetUpStoredPaste();
        clock.Advance(TimeSpan.FromSeconds(secondsSinceAccess));

        await Handler(TimeSpan.FromSeconds(100)).Handle(Query, CancellationToken.None);

        repository.Verify(
            r => r.RecordAccessAsync(StoredPastes.Id, clock.GetUtcNow(), It.IsAny<CancellationToken>()),
            recorded ? Times.Once() : Times.Never());
    }

    private void SetUpStoredPaste(string? owner = null) =>
        repository.Setup(r => r.FindAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync(StoredPastes.Restore(owner));

    private GetPasteMetadataHandler Handler(TimeSpan? expiry = null) =>
        new(repository.Object, clock, StoredPastes.Options(expiry));
}
