using Mediator;

namespace Paste.Application.Maintenance;

public sealed record BackupStoreCommand(string Destination) : ICommand<StoreSummary>;

public sealed class BackupStoreHandler(IStoreMaintenance maintenance) : ICommandHandler<BackupStoreCommand, StoreSummary>
{
    public async ValueTask<StoreSummary> Handle(BackupStoreCommand command, CancellationToken cancellationToken) =>
        await maintenance.BackupAsync(command.Destination, cancellationToken);
}
