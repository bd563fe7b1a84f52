using FluentValidation;
using Mediator;

namespace Paste.Application.Maintenance;

/// <summary>Moves a SQLite store into an empty PostgreSQL database, for a service about to switch providers.</summary>
public sealed record CopyStoreToPostgreSqlCommand(string TargetConnectionString) : ICommand<StoreCopy>;

public sealed class CopyStoreToPostgreSqlValidator : AbstractValidator<CopyStoreToPostgreSqlCommand>
{
    public CopyStoreToPostgreSqlValidator() =>
        RuleFor(command => command.TargetConnectionString)
            .NotEmpty()
            .WithMessage("give the PostgreSQL database to copy to as a connection string, e.g. \"Host=db;Database=paste;Username=paste\"");
}

public sealed class CopyStoreToPostgreSqlHandler(IStoreCopier copier) : ICommandHandler<CopyStoreToPostgreSqlCommand, StoreCopy>
{
    public async ValueTask<StoreCopy> Handle(CopyStoreToPostgreSqlCommand command, CancellationToken cancellationToken) =>
        await copier.CopyToPostgreSqlAsync(command.TargetConnectionString, cancellationToken);
}
