using Microsoft.EntityFrameworkCore;
using Paste.Application.Clients;
using Paste.Domain.Clients;
using Paste.Infrastructure.Persistence;

namespace Paste.Infrastructure.Clients;

/// <summary>Reads go to the database every time, so the command line's adds and revocations apply to the next request.</summary>
internal sealed class ApiClientStore(PasteDbContext db, ITrackedWrites writer) : IApiClientStore
{
    public Task AddAsync(ApiClient client, CancellationToken cancellationToken) =>
        writer.WriteAloneAsync(
            async () =>
            {
                db.ApiClients.Add(client);
                return await db.SaveChangesAsync(cancellationToken);
            },
            cancellationToken);

    public Task<ApiClient?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        db.ApiClients.SingleOrDefaultAsync(c => c.KeyId == keyId, cancellationToken);

    public async Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken) =>
        await db.ApiClients.AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ApiClient>> ListActiveAsync(ClientKeyType keyType, int limit, CancellationToken cancellationToken) =>
        await db.ApiClients.AsNoTracking()
            .Where(c => c.KeyType == keyType && c.RevokedAt == null)
            .OrderBy(c => c.CreatedAt)
            .ThenBy(c => c.KeyId)
            .Take(limit)
            .ToListAsync(cancellationToken);

    public Task UpdateAsync(ApiClient client, CancellationToken cancellationToken) =>
        writer.WriteAloneAsync(() => db.SaveChangesAsync(cancellationToken), cancellationToken);

    public Task<int> DeleteAllAsync(CancellationToken cancellationToken) =>
        writer.WriteAloneAsync(() => db.ApiClients.ExecuteDeleteAsync(cancellationToken), cancellationToken);
}
