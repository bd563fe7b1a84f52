using Mediator;
using Paste.Domain.Clients;

namespace Paste.Application.Clients;

public sealed record ListClientsQuery : IQuery<IReadOnlyList<ClientSummary>>;

/// <summary>What an operator may see of a client: never its secret.</summary>
public sealed record ClientSummary(string KeyId, string Name, string Algorithm, DateTimeOffset CreatedAt, bool Revoked);

public sealed class ListClientsHandler(IApiClientStore store) : IQueryHandler<ListClientsQuery, IReadOnlyList<ClientSummary>>
{
    public async ValueTask<IReadOnlyList<ClientSummary>> Handle(ListClientsQuery query, CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken))
            .Select(c => new ClientSummary(c.KeyId, c.Name, c.KeyType == ClientKeyType.Ed25519 ? "ed25519" : "hmac-sha256", c.CreatedAt, c.IsRevoked))
            .ToList();
}
