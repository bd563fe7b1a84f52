namespace Paste.Application.Clients;

/// <summary>
/// Remembers what a client has used once, a request signature or a sealed field's nonce, until a request carrying
/// it could no longer pass the time check anyway.
/// </summary>
public interface IReplayGuard
{
    /// <summary>
    /// False when this client already used <paramref name="token"/> and it is still remembered, by this instance of the
    /// service or, on a shared database, by any other.
    /// </summary>
    ValueTask<bool> TryAcceptAsync(string keyId, ReadOnlyMemory<byte> token, DateTimeOffset rememberUntil, CancellationToken cancellationToken);
}
