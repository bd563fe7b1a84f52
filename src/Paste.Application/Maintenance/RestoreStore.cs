using Mediator;

namespace Paste.Application.Maintenance;

/// <summary>Puts a backup in place of the store; an existing store is only ever replaced when the operator says so.</summary>
public sealed record RestoreStoreCommand(string Source, bool Replace) : ICommand<StoreSummary>;

public sealed class RestoreStoreHandler(IStoreMaintenance maintenance) : ICommandHandler<RestoreStoreCommand, StoreSummary>
{
    public async ValueTask<StoreSummary> Handle(RestoreStoreCommand command, CancellationToken cancellationToken) =>
        await maintenance.RestoreAsync(command.Source, command.Replace, cancellationToken);
}
