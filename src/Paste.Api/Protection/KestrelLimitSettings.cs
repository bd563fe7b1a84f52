namespace Paste.Api.Protection;

/// <summary>
/// <c>Paste:Limits</c>: how long the server waits for a slow client, applied to Kestrel's own limits at start-up so
/// that a client that sends slowly, or not at all, gives its connection up after a bounded time.
/// </summary>
/// <remarks>
/// Kestrel's <c>MaxConcurrentConnections</c> is deliberately left unlimited: a cap on every connection together is
/// the first thing a flood of slow connections fills, after which honest clients are the ones refused. The timeouts
/// here bound how long each slow connection lasts, and <see cref="RateLimitSettings.ConcurrentUploadsPerClient"/>
/// with its queue bounds how many uploads one client IP holds open.
/// </remarks>
public sealed class KestrelLimitSettings
{
    public const string SectionName = "Paste:Limits";

    /// <summary>
    /// The time from a request's first byte to the end of its headers. An honest client sends its request line and
    /// headers in one or two packets as soon as it starts, well within a second even on a slow mobile link; 10 s leaves
    /// room for retransmissions on a lossy one, and a client that dribbles its headers is cut off three times sooner
    /// than with Kestrel's 30 s.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The slowest average a request body may arrive at once <see cref="MinRequestBodyGracePeriod"/> has passed; a
    /// body below it is refused with 408. 1 KiB/s is 8 kbit/s, below what even a GPRS upload manages, so a slow but
    /// honest phone passes, while a client that trickles a 3 MiB paste holds its upload for at most about 50 minutes
    /// instead of the 3.6 hours Kestrel's 240 bytes/s would allow.
    /// </summary>
    public int MinRequestBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>
    /// How long a body may arrive below <see cref="MinRequestBodyBytesPerSecond"/> at first: 10 s forgives a radio
    /// waking up or a cell handover at the start of an upload. Kestrel checks rates once a second, so it must be
    /// longer than one second.
    /// </summary>
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an idle connection is kept, before its next request or before its first: 75 s, nginx's own default
    /// for its clients, and longer than the 60 s after which nginx closes an idle connection it keeps to a server, so
    /// that a proxy that keeps connections open never sends a request on one the service has just closed. A
    /// connection that never sends a byte is dropped after 75 s rather than Kestrel's 130 s.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(75);
}
