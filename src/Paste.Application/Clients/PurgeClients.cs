using Mediator;

namespace Paste.Application.Clients;

public sealed record PurgeClientsCommand : ICommand<int>;

public sealed class PurgeClientsHandler(IApiClientStore store) : ICommandHandler<PurgeClientsCommand, int>
{
    public async ValueTask<int> Handle(PurgeClientsCommand command, CancellationToken cancellationToken) =>
        await store.DeleteAllAsync(cancellationToken);
}
