using Mediator;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Common;
using Paste.Application.Pastes;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Application.Tests.Pastes;

public sealed class AuthorizePasteOwnerHandlerTests
{
    private Mock<IPasteRepository> _repository = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public void SetUp()
    {
        _repository = new Mock<IPasteRepository>();
        _clock = new FakeTimeProvider(StoredPastes.LastAccessedAt + TimeSpan.FromHours(1));
    }

    [Test]
    public void Requires_authentication_from_an_anonymous_requester()
    {
        SetUpStoredPaste(StoredPastes.Owner);

        Assert.ThrowsAsync<AuthenticationRequiredException>(
            async () => await Handler().Handle(new AuthorizePasteOwnerQuery(StoredPastes.Id, null), CancellationToken.None));
    }

    [Test]
    public void Reports_not_found_for_a_missing_paste()
    {
        _repository.Setup(r => r.FindAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync((PasteEntity?)null);

        Assert.ThrowsAsync<NotFoundException>(
            async () => await Handler().Handle(new AuthorizePasteOwnerQuery(StoredPastes.Id, StoredPastes.Owner), CancellationToken.None));
    }

    [TestCase(StoredPastes.Owner, TestName = "{m}(owned by the requester)")]
    [TestCase(StoredPastes.OtherOwner, TestName = "{m}(owned by someone else)")]
    [TestCase(null, TestName = "{m}(anonymous)")]
    public void Reports_not_found_for_an_expired_paste(string? owner)
    {
        SetUpStoredPaste(owner);
        _clock.SetUtcNow(StoredPastes.LastAccessedAt + StoredPastes.Expiry);

        Assert.ThrowsAsync<NotFoundException>(
            async () => await Handler().Handle(new AuthorizePasteOwnerQuery(StoredPastes.Id, StoredPastes.Owner), CancellationToken.None));
    }

    [Test]
    public void Forbids_a_requester_who_does_not_own_the_paste()
    {
        SetUpStoredPaste(StoredPastes.OtherOwner);

        Assert.ThrowsAsync<ForbiddenException>(
            async () => await Handler().Handle(new AuthorizePasteOwnerQuery(StoredPastes.Id, StoredPastes.Owner), CancellationToken.None));
    }

    [Test]
    public void Forbids_everyone_on_an_anonymous_paste()
    {
        SetUpStoredPaste(null);

        Assert.ThrowsAsync<ForbiddenException>(
            async () => await Handler().Handle(new AuthorizePasteOwnerQuery(StoredPastes.Id, StoredPastes.Owner), CancellationToken.None));
    }

    [Test]
    public void Forbids_an_owner_spelled_in_a_different_case()
    {
        SetUpStoredPaste(StoredPastes.Owner);

        Assert.ThrowsAsync<ForbiddenException>(
            async () => await Handler().Handle(
                new AuthorizePasteOwnerQuery(StoredPastes.Id, StoredPastes.Owner.ToUpperInvariant()), CancellationToken.None));
    }

    [Test]
    public async Task Succeeds_for_the_owner_of_a_live_paste()
    {
        SetUpStoredPaste(StoredPastes.Owner);
        _clock.SetUtcNow(StoredPastes.LastAccessedAt + StoredPastes.Expiry - TimeSpan.FromSeconds(1));

        var result = await Handler().Handle(new AuthorizePasteOwnerQuery(StoredPastes.Id, StoredPastes.Owner), CancellationToken.None);

        Assert.That(result, Is.EqualTo(Unit.Value));
    }

    private void SetUpStoredPaste(string? owner) =>
        _repository.Setup(r => r.FindAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync(StoredPastes.Restore(owner));

    private AuthorizePasteOwnerHandler Handler() => new(_repository.Object, _clock, StoredPastes.Options());
}
