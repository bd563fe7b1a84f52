namespace Paste.Domain.Pastes;

/// <summary>Authenticated callers are trusted with larger pastes than anonymous ones.</summary>
public sealed record PasteSizeLimits(long AnonymousBytes, long AuthenticatedBytes)
{
    public long For(bool authenticated) => authenticated ? AuthenticatedBytes : AnonymousBytes;
}
