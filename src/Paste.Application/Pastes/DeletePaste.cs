using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <summary>
/// Deletes a live paste on behalf of its owner: an anonymous <paramref name="Requester"/> must authenticate, anyone
/// else is forbidden, and the store deletes nothing the requester does not own.
/// </summary>
public sealed record DeletePasteCommand(string Id, string? Requester) : ICommand;

public sealed class DeletePasteValidator : AbstractValidator<DeletePasteCommand>
{
    public DeletePasteValidator() => RuleFor(c => c.Id).MustBeWellFormedPasteId();
}

public sealed class DeletePasteHandler(
    IPasteRepository repository,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options,
    PasteMetrics metrics) : ICommandHandler<DeletePasteCommand>
{
    public async ValueTask<Unit> Handle(DeletePasteCommand command, CancellationToken cancellationToken)
    {
        if (command.Requester is null)
        {
            throw new AuthenticationRequiredException();
        }

        var paste = await repository.FindLiveAsync(command.Id, timeProvider.GetUtcNow(), options.Value.Expiry, cancellationToken);
        if (!paste.IsOwnedBy(command.Requester))
        {
            throw new ForbiddenException();
        }

        // The delete filters by owner too, and finds nothing when the paste went meanwhile.
        if (!await repository.DeleteOwnedAsync(command.Id, command.Requester, cancellationToken))
        {
            throw new NotFoundException();
        }

        metrics.PastesDeleted("owner", 1);
        return Unit.Value;
    }
}
