using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Common;
using Paste.Application.Pastes;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Application.Tests.Pastes;

public sealed class ListPastesHandlerTests
{
    private Mock<IPasteRepository> repository = null!;
    private FakeTimeProvider clock = null!;

    [SetUp]
    public void SetUp()
    {
        repository = new Mock<IPasteRepository>();
        clock = new FakeTimeProvider(StoredPastes.LastAccessedAt + TimeSpan.FromHours(1));
    }

    [Test]
    public void Requires_authentication_from_an_anonymous_requester_and_reads_nothing()
    {
        Assert.ThrowsAsync<AuthenticationRequiredException>(async () => await Handle(new ListPastesQuery(null)));
        repository.VerifyNoOtherCalls();
    }

    [Test]
    public async Task Asks_the_store_for_the_requesters_newest_live_pastes_and_one_more_than_the_page()
    {
        SetUpStoredPastes(count: 0);

        await Handle(new ListPastesQuery(StoredPastes.Owner, Limit: 5));

        repository.Verify(
            r => r.ListOwnedAsync(StoredPastes.Owner, clock.GetUtcNow(), StoredPastes.Expiry, null, 6, It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Test]
    public async Task A_page_with_more_behind_it_ends_with_a_cursor_to_its_last_paste()
    {
        var stored = SetUpStoredPastes(count: 3);

        var listing = await Handle(new ListPastesQuery(StoredPastes.Owner, Limit: 2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(listing.Pastes.Select(p => p.Id), Is.EqualTo(stored.Take(2).Select(p => p.Id)));
            Assert.That(PasteCursor.Decode(listing.NextCursor!), Is.EqualTo(new PasteCursor(stored[1].CreatedAt, stored[1].Id)));
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public async Task The_last_page_has_no_cursor(int count)
    {
        SetUpStoredPastes(count);

        var listing = await Handle(new ListPastesQuery(StoredPastes.Owner, Limit: 2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(listing.Pastes, Has.Count.EqualTo(count));
            Assert.That(listing.NextCursor, Is.Null);
        }
    }

    [Test]
    public async Task A_cursor_asks_the_store_for_the_pastes_after_the_position_it_names()
    {
        var position = new PasteCursor(StoredPastes.CreatedAt, StoredPastes.Id);
        SetUpStoredPastes(count: 0);

        await Handle(new ListPastesQuery(StoredPastes.Owner, position.Encode()));

        repository.Verify(
            r => r.ListOwnedAsync(StoredPastes.Owner, It.IsAny<DateTimeOffset>(), It.IsAny<TimeSpan>(), position, It.IsAny<int>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Test]
    public async Task Each_paste_carries_its_metadata_and_when_it_expires()
    {
        var deadline = StoredPastes.LastAccessedAt + TimeSpan.FromDays(1);
        var stored = PasteEntity.Restore(StoredPastes.Id, "image/png", 1234, StoredPastes.CreatedAt, StoredPastes.LastAccessedAt, StoredPastes.Owner, deadline, 3, 2);
        SetUpStoredPastes(stored);

        var listed = (await Handle(new ListPastesQuery(StoredPastes.Owner))).Pastes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(listed.Id, Is.EqualTo(StoredPastes.Id));
            Assert.That(listed.MimeType, Is.EqualTo("image/png"));
            Assert.That(listed.Size, Is.EqualTo(1234));
            Assert.That(listed.CreatedAt, Is.EqualTo(StoredPastes.CreatedAt));
            Assert.That(listed.ExpiresAt, Is.EqualTo(deadline), "the deadline comes before the expiry after the last read");
            Assert.That(listed.ViewsLeft, Is.EqualTo(2));
        }
    }

    /// <summary>Pastes of the owner, newest first, as the store would answer, each a minute older than the one before.</summary>
    private List<PasteEntity> SetUpStoredPastes(int count) =>
        SetUpStoredPastes(Enumerable.Range(0, count)
            .Select(i => PasteEntity.Restore(
                $"AbCdEfGhIjKlMn{i:D2}", "text/plain", 10, StoredPastes.CreatedAt - TimeSpan.FromMinutes(i), StoredPastes.LastAccessedAt, StoredPastes.Owner))
            .ToArray());

    private List<PasteEntity> SetUpStoredPastes(params PasteEntity[] pastes)
    {
        repository
            .Setup(r => r.ListOwnedAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<TimeSpan>(), It.IsAny<PasteCursor?>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, DateTimeOffset _, TimeSpan _, PasteCursor? _, int limit, CancellationToken _) => pastes.Take(limit).ToList());
        return [.. pastes];
    }

    private async Task<PasteListing> Handle(ListPastesQuery query) =>
        await new ListPastesHandler(repository.Object, clock, StoredPastes.Options()).Handle(query, CancellationToken.None);
}
