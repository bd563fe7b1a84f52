using Mediator;
using Moq;
using Paste.Application.Common;
using Paste.Application.Pastes;

namespace Paste.Application.Tests.Pastes;

public sealed class DeletePasteHandlerTests
{
    private Mock<IPasteRepository> _repository = null!;

    [SetUp]
    public void SetUp() => _repository = new Mock<IPasteRepository>();

    [Test]
    public void Reports_not_found_when_nothing_was_deleted()
    {
        _repository
            .Setup(r => r.DeleteOwnedAsync(StoredPastes.Id, StoredPastes.Owner, It.IsAny<CancellationToken>()))
            .ReturnsAsync(false);
        var handler = new DeletePasteHandler(_repository.Object);

        Assert.ThrowsAsync<NotFoundException>(
            async () => await handler.Handle(new DeletePasteCommand(StoredPastes.Id, StoredPastes.Owner), CancellationToken.None));
    }

    [Test]
    public async Task Deletes_only_on_behalf_of_the_requesting_owner()
    {
        _repository
            .Setup(r => r.DeleteOwnedAsync(StoredPastes.Id, StoredPastes.Owner, It.IsAny<CancellationToken>()))
            .ReturnsAsync(true);
        var handler = new DeletePasteHandler(_repository.Object);

        var result = await handler.Handle(new DeletePasteCommand(StoredPastes.Id, StoredPastes.Owner), CancellationToken.None);

        Assert.That(result, Is.EqualTo(Unit.Value));
        _repository.Verify(r => r.DeleteOwnedAsync(StoredPastes.Id, StoredPastes.Owner, It.IsAny<CancellationToken>()), Times.Once);
        _repository.VerifyNoOtherCalls();
    }
}
