using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <summary>
/// Deletes a live paste on behalf of its owner, or of whoever holds the delete token its create answered. Without
/// either, an anonymous <paramref name="Requester"/> must authenticate, anyone else is forbidden, and the store deletes
/// nothing the requester does not own.
/// </summary>
public sealed record DeletePasteCommand(string Id, string? Requester, string? DeleteToken = null) : ICommand;

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
        // An empty X-Delete-Token is no token at all.
        var token = string.IsNullOrEmpty(command.DeleteToken) ? null : command.DeleteToken;
        if (command.Requester is null && token is null)
        {
            throw new AuthenticationRequiredException();
        }

        var paste = await repository.FindLiveAsync(command.Id, timeProvider.GetUtcNow(), options.Value.Expiry, cancellationToken);
        if (token is not null && paste.AcceptsDeleteToken(token))
        {
            await DeleteAsync(repository.DeleteAsync(command.Id, cancellationToken), "token");
            return Unit.Value;
        }

        // A wrong token is refused as a stranger is: it must not tell a guesser anything an owner check would not.
        if (!paste.IsOwnedBy(command.Requester))
        {
            throw new ForbiddenException();
        }

        // The delete filters by owner too, and finds nothing when the paste went meanwhile.
        await DeleteAsync(repository.DeleteOwnedAsync(command.Id, command.Requester!, cancellationToken), "owner");
        return Unit.Value;
    }

    private async Task DeleteAsync(Task<bool> delete, string reason)
    {
        if (!await delete)
        {
            throw new NotFoundException();
        }

        metrics.PastesDeleted(reason, 1);
    }
}
