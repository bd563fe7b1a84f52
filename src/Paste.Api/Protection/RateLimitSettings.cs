namespace Paste.Api.Protection;

/// <summary><c>Paste:RateLimits</c>: requests per minute for each kind of caller, and uploads at once per client IP.</summary>
public sealed class RateLimitSettings
{
    public const string SectionName = "Paste:RateLimits";

    /// <summary>Creates per client IP for anonymous callers.</summary>
    public int AnonymousPermitsPerMinute { get; set; } = 60;

    /// <summary>Creates per owner (certificate or registered client) for authenticated callers.</summary>
    public int AuthenticatedPermitsPerMinute { get; set; } = 600;

    /// <summary>Every other request per client IP; /health is never limited.</summary>
    public int RequestsPerMinute { get; set; } = 3000;

    /// <summary>
    /// Uploads (creates) one client IP may have in progress at once, anonymous or not; one more is refused with 429 at
    /// once rather than queued, so a client that sends slowly holds at most this many uploads and makes nobody else
    /// wait. An honest client sends one paste at a time and a script a few in parallel; 4 leaves room for both, and for
    /// a few people behind one address.
    /// </summary>
    public int ConcurrentUploadsPerClient { get; set; } = 4;
}
