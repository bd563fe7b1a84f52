namespace Paste.Infrastructure.Persistence;

/// <summary>A signature or nonce a client has used, remembered until a request carrying it could no longer pass the time check.</summary>
public sealed class ReplayTokenRecord
{
    public required string Token { get; init; }

    /// <summary>In unix milliseconds.</summary>
    public required long RememberUntil { get; init; }
}
