using Paste.Domain.Clients;

namespace Paste.Application.Clients;

public interface IApiClientStore
{
    Task AddAsync(ApiClient client, CancellationToken cancellationToken);

    Task<ApiClient?> FindAsync(string keyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Unrevoked clients of one key type, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ApiClient>> ListActiveAsync(ClientKeyType keyType, int limit, CancellationToken cancellationToken);

    /// <summary>Saves changes made to a client loaded through <see cref="FindAsync"/>.</summary>
    Task UpdateAsync(ApiClient client, CancellationToken cancellationToken);

    /// <summary>Deletes every client; returns how many there were.</summary>
    Task<int> DeleteAllAsync(CancellationToken cancellationToken);
}
