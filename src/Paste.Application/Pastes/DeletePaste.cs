using FluentValidation;
using Mediator;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <summary>Deletes a paste on behalf of its owner; the store deletes nothing that <paramref name="Owner"/> does not own.</summary>
public sealed record DeletePasteCommand(string Id, string Owner) : ICommand;

public sealed class DeletePasteValidator : AbstractValidator<DeletePasteCommand>
{
    public DeletePasteValidator()
    {
        RuleFor(c => c.Id).MustBeWellFormedPasteId();
        RuleFor(c => c.Owner).NotEmpty();
    }
}

public sealed class DeletePasteHandler(IPasteRepository repository) : ICommandHandler<DeletePasteCommand>
{
    public async ValueTask<Unit> Handle(DeletePasteCommand command, CancellationToken cancellationToken)
    {
        if (!await repository.DeleteOwnedAsync(command.Id, command.Owner, cancellationToken))
        {
            throw new NotFoundException();
        }

        return Unit.Value;
    }
}
