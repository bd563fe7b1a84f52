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

    [Test]
    public async Task A_paste_without_a_view_limit_takes_no_view()
    {
        SetUpStoredPaste();

        var result = await Handler().Handle(Query, CancellationToken.None);

        Assert.That(result.Metadata.ViewsLeft, Is.Null);
        repository.Verify(r => r.TakeViewAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task A_read_of_a_view_limited_paste_takes_one_view_and_reports_the_views_left()
    {
        SetUpViewLimitedPaste(maxViews: 3, viewsLeft: 3);
        repository.Setup(r => r.TakeViewAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync(2);

        var result = await Handler().Handle(Query, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Content, Is.SameAs(content));
            Assert.That(result.Metadata.ViewsLeft, Is.EqualTo(2));
        }

        repository.Verify(r => r.TakeViewAsync(StoredPastes.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task The_last_allowed_read_gets_the_content_and_reports_no_view_left()
    {
        SetUpViewLimitedPaste(maxViews: 1, viewsLeft: 1);
        repository.Setup(r => r.TakeViewAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync(0);

        var result = await Handler().Handle(Query, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Content, Is.SameAs(content));
            Assert.That(result.Metadata.ViewsLeft, Is.Zero);
            Assert.That(result.Metadata.BurnAfterReading, Is.True);
        }
    }

    [Test]
    public void A_read_that_finds_no_view_left_to_take_is_not_found_and_closes_the_content()
    {
        SetUpViewLimitedPaste(maxViews: 1, viewsLeft: 1);
        repository.Setup(r => r.TakeViewAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync((int?)null);

        Assert.ThrowsAsync<NotFoundException>(async () => await Handler().Handle(Query, CancellationToken.None));
        Assert.That(content.CanRead, Is.False, "the content stream is disposed");
    }

    [Test]
    public void A_stored_paste_with_no_view_left_is_not_found_without_trying_to_take_one()
    {
        SetUpViewLimitedPaste(maxViews: 2, viewsLeft: 0);

        Assert.ThrowsAsync<NotFoundException>(async () => await Handler().Handle(Query, CancellationToken.None));
        Assert.That(content.CanRead, Is.False, "the content stream is disposed");
        repository.Verify(r => r.TakeViewAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Asking_for_headers_only_takes_no_view_and_never_opens_the_content()
    {
        SetUpViewLimitedPaste(maxViews: 1, viewsLeft: 1);

        var result = await Handler().Handle(Query with { HeadersOnly = true }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Content, Is.Null);
            Assert.That(result.Held, Is.False);
            Assert.That(result.Metadata.ViewsLeft, Is.EqualTo(1));
        }

        repository.Verify(r => r.TakeViewAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        VerifyContentNeverOpened();
    }

    [Test]
    public async Task Asking_for_headers_only_of_a_paste_without_a_view_limit_never_opens_the_content()
    {
        SetUpStoredPaste();

        var result = await Handler().Handle(Query with { HeadersOnly = true }, CancellationToken.None);

        Assert.That(result.Content, Is.Null);
        Assert.That(result.Metadata.Size, Is.EqualTo(1234));
        VerifyContentNeverOpened();
    }

    [Test]
    public void Asking_for_headers_only_of_an_expired_paste_is_not_found()
    {
        SetUpStoredPaste();
        clock.Advance(StoredPastes.Expiry);

        Assert.ThrowsAsync<NotFoundException>(async () => await Handler().Handle(Query with { HeadersOnly = true }, CancellationToken.None));
        VerifyContentNeverOpened();
    }

    [TestCase(true, TestName = "{m}(its SHA-256)")]
    [TestCase(false, TestName = "{m}(any version)")]
    public async Task A_caller_that_holds_the_content_gets_none_and_it_is_never_opened(bool bySha256)
    {
        SetUpStoredPaste();
        string[] held = [bySha256 ? StoredPastes.Sha256Hex.ToUpperInvariant() : GetPasteContentHandler.AnyVersion];

        var result = await Handler().Handle(Query with { HeldSha256 = held }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Content, Is.Null);
            Assert.That(result.Held, Is.True);
        }

        VerifyContentNeverOpened();
    }

    [Test]
    public async Task A_caller_that_holds_another_version_of_a_paste_without_a_view_limit_gets_the_content()
    {
        SetUpStoredPaste();

        var result = await Handler().Handle(Query with { HeldSha256 = [new string('0', 64)] }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Held, Is.False);
            Assert.That(result.Content, Is.SameAs(content));
        }
    }

    [TestCase(true, TestName = "{m}(its SHA-256)")]
    [TestCase(false, TestName = "{m}(any version)")]
    public async Task A_caller_that_claims_to_hold_a_view_limited_paste_gets_its_content_and_takes_a_view(bool bySha256)
    {
        SetUpViewLimitedPaste(maxViews: 2, viewsLeft: 2);
        repository.Setup(r => r.TakeViewAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync(1);
        string[] held = [bySha256 ? StoredPastes.Sha256Hex : GetPasteContentHandler.AnyVersion];

        var result = await Handler().Handle(Query with { HeldSha256 = held }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Held, Is.False);
            Assert.That(result.Content, Is.SameAs(content));
            Assert.That(result.Metadata.Sha256, Is.Null, "no fingerprint to compare a guess with");
        }

        repository.Verify(r => r.TakeViewAsync(StoredPastes.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task A_caller_that_holds_the_content_and_asks_for_headers_only_is_told_it_holds_it()
    {
        SetUpStoredPaste();

        var result = await Handler().Handle(Query with { HeadersOnly = true, HeldSha256 = [StoredPastes.Sha256Hex] }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Held, Is.True);
            Assert.That(result.Content, Is.Null);
        }

        VerifyContentNeverOpened();
    }

    [Test]
    public async Task A_caller_that_holds_another_version_gets_the_content_and_takes_a_view()
    {
        SetUpViewLimitedPaste(maxViews: 2, viewsLeft: 2);
        repository.Setup(r => r.TakeViewAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync(1);

        var result = await Handler().Handle(Query with { HeldSha256 = [new string('0', 64)] }, CancellationToken.None);

        Assert.That(result.Content, Is.SameAs(content));
        repository.Verify(r => r.TakeViewAsync(StoredPastes.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    /// <summary>The repository holds the paste: its metadata alone, or metadata and content opened together.</summary>
    private void SetUpViewLimitedPaste(int maxViews, int viewsLeft)
    {
        repository
            .Setup(r => r.FindAsync(StoredPastes.Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => StoredPastes.RestoreViewLimited(maxViews, viewsLeft));
        repository
            .Setup(r => r.OpenAsync(StoredPastes.Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new OpenedPaste(StoredPastes.RestoreViewLimited(maxViews, viewsLeft), content));
    }

    private void SetUpStoredPaste(string? owner = null)
    {
        repository
            .Setup(r => r.FindAsync(StoredPastes.Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => StoredPastes.Restore(owner));
        repository
            .Setup(r => r.OpenAsync(StoredPastes.Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new OpenedPaste(StoredPastes.Restore(owner), content));
    }

    private void VerifyContentNeverOpened() =>
        repository.Verify(r => r.OpenAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);

    private GetPasteContentHandler Handler() => new(repository.Object, clock, StoredPastes.Options(), new PasteMetrics());
}
