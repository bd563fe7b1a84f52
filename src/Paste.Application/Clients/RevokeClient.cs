using Mediator;
using Paste.Application.Common;

namespace Paste.Application.Clients;

public sealed record RevokeClientCommand(string KeyId) : ICommand;

public sealed class RevokeClientHandler(IApiClientStore store, TimeProvider timeProvider) : ICommandHandler<RevokeClientCommand>
{
    public async ValueTask<Unit> Handle(RevokeClientCommand command, CancellationToken cancellationToken)
    {
        var client = await store.FindAsync(command.KeyId, cancellationToken) ?? throw new NotFoundException("Client not found");
        client.Revoke(timeProvider.GetUtcNow());
        await store.UpdateAsync(client, cancellationToken);
        return Unit.Value;
    }
}
