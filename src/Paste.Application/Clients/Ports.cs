using Paste.Domain.Clients;

namespace Paste.Application.Clients;

public interface IApiClientStore
{
    Task AddAsync(ApiClient client, CancellationToken cancellationToken);

    Task<ApiClient?> FindAsync(string keyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiClient>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Saves changes made to a client loaded through <see cref="FindAsync"/>.</summary>
    Task UpdateAsync(ApiClient client, CancellationToken cancellationToken);

    /// <summary>Deletes every client; returns how many there were.</summary>
    Task<int> DeleteAllAsync(CancellationToken cancellationToken);
}

/// <summary>Keeps shared secrets unreadable at rest: only the running service (with its key ring) can recover them.</summary>
public interface ISecretProtector
{
    string Protect(string secret);

    string Unprotect(string protectedSecret);
}

public interface IEd25519Verifier
{
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}

/// <summary>Remembers accepted signatures until they could no longer pass the clock-skew check anyway.</summary>
public interface ISignatureReplayGuard
{
    /// <summary>False when this signature was already accepted and is still remembered.</summary>
    bool TryAccept(string keyId, ReadOnlySpan<byte> signature, DateTimeOffset rememberUntil);
}
