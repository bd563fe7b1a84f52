namespace Paste.Application.Clients;

/// <summary>Remembers accepted signatures until they could no longer pass the clock-skew check anyway.</summary>
public interface ISignatureReplayGuard
{
    /// <summary>False when this signature was already accepted and is still remembered.</summary>
    bool TryAccept(string keyId, ReadOnlySpan<byte> signature, DateTimeOffset rememberUntil);
}
