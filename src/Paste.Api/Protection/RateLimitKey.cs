namespace Paste.Api.Protection;

/// <summary>The budget a request counts against: a policy, and whose share of it (a client IP or an owner).</summary>
public readonly record struct RateLimitKey(RateLimitPolicy Policy, string Partition)
{
    /// <summary>For what is never limited, /health: a policy without windows.</summary>
    public static readonly RateLimitKey Unlimited = new(new RateLimitPolicy("unlimited", []), string.Empty);
}
