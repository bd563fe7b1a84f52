namespace Paste.Api.Protection;

/// <summary>
/// <c>Paste:RateLimits</c>: for each kind of caller, windows that must every one allow a request, and uploads at once per
/// client IP. A kind of caller without a list has one window of a minute, the older per-minute setting.
/// </summary>
public sealed class RateLimitSettings
{
    public const string SectionName = "Paste:RateLimits";

    private const int DefaultAnonymousPermitsPerMinute = 60;
    private const int DefaultAuthenticatedPermitsPerMinute = 600;
    private const int DefaultRequestsPerMinute = 3000;

    /// <summary>Creates per client IP for anonymous callers, such as "10 per minute" and "100 per day".</summary>
    public List<string> AnonymousCreates { get; set; } = [];

    /// <summary>Creates per owner (certificate or registered client) for authenticated callers.</summary>
    public List<string> AuthenticatedCreates { get; set; } = [];

    /// <summary>Every other request per client IP; /health is never limited.</summary>
    public List<string> Requests { get; set; } = [];

    /// <summary>The one window of <see cref="AnonymousCreates"/> while that list is empty; 60 when not set.</summary>
    public int? AnonymousPermitsPerMinute { get; set; }

    /// <summary>The one window of <see cref="AuthenticatedCreates"/> while that list is empty; 600 when not set.</summary>
    public int? AuthenticatedPermitsPerMinute { get; set; }

    /// <summary>The one window of <see cref="Requests"/> while that list is empty; 3000 when not set.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>
    /// Uploads (creates) one client IP may have in progress at once, anonymous or not; more wait in that client's queue
    /// (<see cref="ConcurrentUploadQueuePerClient"/>), so a client that sends slowly holds at most this many uploads
    /// and makes nobody else wait. An honest client sends one paste at a time and a script a few in parallel; 4 leaves
    /// room for both, and for a few people behind one address.
    /// </summary>
    public int ConcurrentUploadsPerClient { get; set; } = 4;

    /// <summary>
    /// Uploads of one client IP that wait, oldest first, for one of its <see cref="ConcurrentUploadsPerClient"/>
    /// places; one more is refused with 429 at once, and 0 refuses every upload beyond the places. A burst of small
    /// creates (a build farm behind one address, a script uploading its artefacts in parallel) waits its turn for a
    /// moment instead of being refused; a waiting upload holds a connection but is not read, and counts against the
    /// per-minute budgets only once it has a place.
    /// </summary>
    public int ConcurrentUploadQueuePerClient { get; set; } = 64;

    /// <summary>
    /// How many leading bits of an IPv6 address name one client for every budget kept per client IP (see
    /// <see cref="ClientBudgetKey"/>): 64, the network one host or one customer is usually given; between 1 and 128.
    /// </summary>
    public int Ipv6PrefixLength { get; set; } = 64;

    public RateLimitPolicy AnonymousCreatePolicy() =>
        Policy("anonymous_creates", AnonymousCreates, AnonymousPermitsPerMinute ?? DefaultAnonymousPermitsPerMinute);

    public RateLimitPolicy AuthenticatedCreatePolicy() =>
        Policy("authenticated_creates", AuthenticatedCreates, AuthenticatedPermitsPerMinute ?? DefaultAuthenticatedPermitsPerMinute);

    public RateLimitPolicy RequestPolicy() =>
        Policy("requests", Requests, RequestsPerMinute ?? DefaultRequestsPerMinute);

    /// <summary>
    /// Each per-minute key set beside the list that replaces it, with that list's key. The list wins, so that a list
    /// set in the environment overrides a per-minute value left in a settings file; start-up warns of the value.
    /// </summary>
    public IEnumerable<(string Ignored, string Instead)> IgnoredPerMinuteKeys() =>
        new (List<string> Windows, string ListKey, int? PerMinute, string PerMinuteKey)[]
        {
            (AnonymousCreates, nameof(AnonymousCreates), AnonymousPermitsPerMinute, nameof(AnonymousPermitsPerMinute)),
            (AuthenticatedCreates, nameof(AuthenticatedCreates), AuthenticatedPermitsPerMinute, nameof(AuthenticatedPermitsPerMinute)),
            (Requests, nameof(Requests), RequestsPerMinute, nameof(RequestsPerMinute)),
        }
        .Where(policy => policy.Windows.Count > 0 && policy.PerMinute is not null)
        .Select(policy => (Key(policy.PerMinuteKey), Key(policy.ListKey)));

    /// <summary>The full key of a setting, as messages name it: <c>Paste:RateLimits:Requests</c>.</summary>
    public static string Key(string setting) => $"{SectionName}:{setting}";

    /// <summary>Only for validated settings: a window that does not parse has stopped start-up already.</summary>
    private static RateLimitPolicy Policy(string name, List<string> windows, int permitsPerMinute) =>
        new(name, windows.Count == 0 ? [RateLimitWindow.PerMinute(permitsPerMinute)] : windows.Select(RateLimitWindow.Parse));
}
