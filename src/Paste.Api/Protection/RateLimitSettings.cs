namespace Paste.Api.Protection;

/// <summary><c>Paste:RateLimits</c>: requests per minute for each kind of caller.</summary>
public sealed class RateLimitSettings
{
    public const string SectionName = "Paste:RateLimits";

    /// <summary>Creates per client IP for anonymous callers.</summary>
    public int AnonymousPermitsPerMinute { get; set; } = 60;

    /// <summary>Creates per owner (certificate or registered client) for authenticated callers.</summary>
    public int AuthenticatedPermitsPerMinute { get; set; } = 600;

    /// <summary>Every other request per client IP; /health is never limited.</summary>
    public int RequestsPerMinute { get; set; } = 3000;
}
