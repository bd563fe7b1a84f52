using Mediator;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Common;
using Paste.Application.Pastes;
using Paste.Domain.Pastes;
using PasteEntity = Paste.Domain.Pastes.Paste;

namespace Paste.Application.Tests.Pastes;

public sealed class DeletePasteHandlerTests
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
    public void Requires_authentication_from_an_anonymous_requester_and_touches_nothing()
    {
        SetUpStoredPaste(StoredPastes.Owner);

        Assert.ThrowsAsync<AuthenticationRequiredException>(async () => await Handle(null));
        repository.VerifyNoOtherCalls();
    }

    [Test]
    public void Reports_not_found_for_a_missing_paste()
    {
        repository.Setup(r => r.FindAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync((PasteEntity?)null);

        Assert.ThrowsAsync<NotFoundException>(async () => await Handle(StoredPastes.Owner));
        VerifyNothingDeleted();
    }

    [TestCase(StoredPastes.Owner, TestName = "{m}(owned by the requester)")]
    [TestCase(StoredPastes.OtherOwner, TestName = "{m}(owned by someone else)")]
    [TestCase(null, TestName = "{m}(anonymous)")]
    public void Reports_not_found_for_an_expired_paste(string? owner)
    {
        SetUpStoredPaste(owner);
        clock.SetUtcNow(StoredPastes.LastAccessedAt + StoredPastes.Expiry);

        Assert.ThrowsAsync<NotFoundException>(async () => await Handle(StoredPastes.Owner));
        VerifyNothingDeleted();
    }

    [TestCase(StoredPastes.OtherOwner, TestName = "{m}(another owner's paste)")]
    [TestCase(null, TestName = "{m}(an anonymous paste)")]
    public void Forbids_a_requester_who_does_not_own_the_paste(string? owner)
    {
        SetUpStoredPaste(owner);

        Assert.ThrowsAsync<ForbiddenException>(async () => await Handle(StoredPastes.Owner));
        VerifyNothingDeleted();
    }

    [Test]
    public void Forbids_an_owner_spelled_in_a_different_case()
    {
        SetUpStoredPaste(StoredPastes.Owner);

        Assert.ThrowsAsync<ForbiddenException>(async () => await Handle(StoredPastes.Owner.ToUpperInvariant()));
        VerifyNothingDeleted();
    }

    [Test]
    public async Task Deletes_the_owners_live_paste_only_on_the_owners_behalf()
    {
        SetUpStoredPaste(StoredPastes.Owner);
        clock.SetUtcNow(StoredPastes.LastAccessedAt + StoredPastes.Expiry - TimeSpan.FromSeconds(1));
        repository.Setup(r => r.DeleteOwnedAsync(StoredPastes.Id, StoredPastes.Owner, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var result = await Handle(StoredPastes.Owner);

        Assert.That(result, Is.EqualTo(Unit.Value));
        repository.Verify(r => r.DeleteOwnedAsync(StoredPastes.Id, StoredPastes.Owner, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void Reports_not_found_when_the_paste_went_between_the_check_and_the_delete()
    {
        SetUpStoredPaste(StoredPastes.Owner);
        repository.Setup(r => r.DeleteOwnedAsync(StoredPastes.Id, StoredPastes.Owner, It.IsAny<CancellationToken>())).ReturnsAsync(false);

        Assert.ThrowsAsync<NotFoundException>(async () => await Handle(StoredPastes.Owner));
    }

    [Test]
    public async Task Whoever_holds_the_delete_token_deletes_the_paste_without_an_identity()
    {
        var token = DeleteToken.New();
        SetUpStoredPaste(null, token);
        repository.Setup(r => r.DeleteAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await Handle(null, token);

        repository.Verify(r => r.DeleteAsync(StoredPastes.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task The_delete_token_also_deletes_an_owned_paste_for_someone_else()
    {
        var token = DeleteToken.New();
        SetUpStoredPaste(StoredPastes.Owner, token);
        repository.Setup(r => r.DeleteAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await Handle(StoredPastes.OtherOwner, token);

        repository.Verify(r => r.DeleteAsync(StoredPastes.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase(null, TestName = "{m}(anonymous)")]
    [TestCase(StoredPastes.OtherOwner, TestName = "{m}(someone else)")]
    public void A_wrong_delete_token_is_forbidden_and_deletes_nothing(string? requester)
    {
        SetUpStoredPaste(StoredPastes.Owner, DeleteToken.New());

        Assert.ThrowsAsync<ForbiddenException>(async () => await Handle(requester, DeleteToken.New()));
        VerifyNothingDeleted();
    }

    [Test]
    public void A_delete_token_for_a_paste_stored_without_one_is_forbidden()
    {
        SetUpStoredPaste(null);

        Assert.ThrowsAsync<ForbiddenException>(async () => await Handle(null, DeleteToken.New()));
        VerifyNothingDeleted();
    }

    [Test]
    public async Task The_owner_deletes_with_a_wrong_token_as_the_owner()
    {
        SetUpStoredPaste(StoredPastes.Owner, DeleteToken.New());
        repository.Setup(r => r.DeleteOwnedAsync(StoredPastes.Id, StoredPastes.Owner, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await Handle(StoredPastes.Owner, DeleteToken.New());

        repository.Verify(r => r.DeleteOwnedAsync(StoredPastes.Id, StoredPastes.Owner, It.IsAny<CancellationToken>()), Times.Once);
        repository.Verify(r => r.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public void A_delete_token_for_an_expired_paste_is_not_found()
    {
        var token = DeleteToken.New();
        SetUpStoredPaste(null, token);
        clock.SetUtcNow(StoredPastes.LastAccessedAt + StoredPastes.Expiry);

        Assert.ThrowsAsync<NotFoundException>(async () => await Handle(null, token));
        VerifyNothingDeleted();
    }

    [Test]
    public void A_delete_token_for_a_paste_that_went_meanwhile_is_not_found()
    {
        var token = DeleteToken.New();
        SetUpStoredPaste(null, token);
        repository.Setup(r => r.DeleteAsync(StoredPastes.Id, It.IsAny<CancellationToken>())).ReturnsAsync(false);

        Assert.ThrowsAsync<NotFoundException>(async () => await Handle(null, token));
    }

    private void SetUpStoredPaste(string? owner, string? deleteToken = null) =>
        repository
            .Setup(r => r.FindAsync(StoredPastes.Id, It.IsAny<CancellationToken>()))
            .ReturnsAsync(StoredPastes.Restore(owner, deleteToken is null ? null : DeleteToken.Hash(deleteToken)));

    private void VerifyNothingDeleted()
    {
        repository.Verify(r => r.DeleteOwnedAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        repository.Verify(r => r.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private async Task<Unit> Handle(string? requester, string? deleteToken = null) =>
        await new DeletePasteHandler(repository.Object, clock, StoredPastes.Options(), new PasteMetrics())
            .Handle(new DeletePasteCommand(StoredPastes.Id, requester, deleteToken), CancellationToken.None);
}
