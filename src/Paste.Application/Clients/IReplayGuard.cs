namespace Paste.Application.Clients;

/// <summary>
/// Remembers what a client has used once, a request signature or a sealed field's nonce, until a request carrying
/// it could no longer pass the time check anyway.
/// </summary>
public interface IReplayGuard
{
    /// <summary>False when this client already used <paramref name="token"/> and it is still remembered.</summary>
    bool TryAccept(string keyId, ReadOnlySpan<byte> token, DateTimeOffset rememberUntil);
}
