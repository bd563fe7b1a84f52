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
            .Select(c => new ClientSummary(c.KeyId, c.Name, Algorithm(c.KeyType), c.CreatedAt, c.IsRevoked))
            .ToList();

    private static string Algorithm(ClientKeyType keyType) => keyType switch
    {
        ClientKeyType.Ed25519 => "ed25519",
        ClientKeyType.SealedBox => "x25519-box",
        _ => "hmac-sha256",
    };
}
