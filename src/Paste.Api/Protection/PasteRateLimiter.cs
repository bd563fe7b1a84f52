using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Paste.Api.Authentication;
using Paste.Api.Binding;
using Paste.Application.Common;

namespace Paste.Api.Protection;

/// <summary>
/// The service's one global rate limiter, and which budget each request counts against. A create is any endpoint that
/// takes a paste body, so a new one is limited as a create without being marked. Uploads in progress count per client
/// IP, whoever the caller is, and an upload without a place waits in its client's queue; they come first, so an upload
/// refused there costs no create, and one that waits costs its create once, when it has its place (the middleware asks
/// again with waiting only after an immediate attempt failed, and that attempt failed at the places before any window
/// was asked). Then creates count per owner, or per
/// client IP for anonymous callers; every other request counts per client IP, and /health never counts. A client IP is
/// what <see cref="ClientBudgetKey"/> makes of the address: an IPv6 client counts by its network. Each of those
/// three budgets is a <see cref="RateLimitPolicy"/> of fixed windows that must every one allow the request. In one
/// process (SQLite), window i of every policy is kept in memory by the i-th partitioned limiter, so that each window's
/// statistics can be read on its own; with a shared store (PostgreSQL), every window is counted there, so that a limit
/// holds across every instance. Uploads in progress are counted per process either way: they end with the process.
/// </summary>
public sealed class PasteRateLimiter : IDisposable
{
    private readonly RateLimitPolicy anonymousCreates;
    private readonly RateLimitPolicy authenticatedCreates;
    private readonly RateLimitPolicy requests;
    private readonly PartitionedRateLimiter<HttpContext> uploads;
    private readonly PartitionedRateLimiter<RateLimitKey>[] windows;
    private readonly PartitionedRateLimiter<HttpContext> allWindows;
    private readonly ClientBudgetKey clientKey;
    private readonly ISharedRateWindows? shared;
    private readonly TimeProvider timeProvider;

    public PasteRateLimiter(
        IOptions<RateLimitSettings> options, ClientBudgetKey clientKey, ILogger<PasteRateLimiter> logger, TimeProvider timeProvider, ISharedRateWindows? shared = null)
    {
        this.clientKey = clientKey;
        this.shared = shared;
        this.timeProvider = timeProvider;
        var settings = options.Value;
        foreach (var (ignored, instead) in settings.IgnoredPerMinuteKeys())
        {
            logger.LogWarning("{Ignored} is ignored: {Instead} is set, and its windows apply instead", ignored, instead);
        }

        anonymousCreates = settings.AnonymousCreatePolicy();
        authenticatedCreates = settings.AuthenticatedCreatePolicy();
        requests = settings.RequestPolicy();
        var uploadsPerClient = settings.ConcurrentUploadsPerClient;
        var queuePerClient = settings.ConcurrentUploadQueuePerClient;
        uploads = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RequestBody.IsTakenBy(context.GetEndpoint())
                ? AtOnce("upload:ip:" + clientKey.Of(context), uploadsPerClient, queuePerClient)
                : RateLimitPartition.GetNoLimiter(string.Empty));
        var mostWindows = Math.Max(requests.Windows.Count, Math.Max(anonymousCreates.Windows.Count, authenticatedCreates.Windows.Count));
        windows = shared is null ? [.. Enumerable.Range(0, mostWindows).Select(Window)] : [];
        allWindows = (shared is null ? new AllWindowsRateLimiter<RateLimitKey>(windows) : (PartitionedRateLimiter<RateLimitKey>)new SharedWindowsRateLimiter(shared, timeProvider))
            .WithTranslatedKey<HttpContext>(KeyOf, leaveOpen: false);
        Global = PartitionedRateLimiter.CreateChained(uploads, allWindows);
    }

    /// <summary>What <c>UseRateLimiter</c> asks for every request.</summary>
    public PartitionedRateLimiter<HttpContext> Global { get; }

    /// <summary>The create budget of the caller of <paramref name="context"/>, whatever that request is.</summary>
    public RateLimitKey CreateKey(HttpContext context) =>
        context.User.GetOwner() is { } owner
            ? new(authenticatedCreates, "create:owner:" + owner)
            : new(anonymousCreates, "create:ip:" + clientKey.Of(context));

    /// <summary>The budget of the caller of <paramref name="context"/> for requests other than creates.</summary>
    public RateLimitKey RequestKey(HttpContext context) => new(requests, "ip:" + clientKey.Of(context));

    /// <summary>
    /// The permits left now in each window of <paramref name="key"/>'s policy, from the windows' own counts; asking
    /// takes none. A budget not used yet (or idle long enough for the limiter to drop it) is full.
    /// </summary>
    public async ValueTask<IReadOnlyList<long>> RemainingAsync(RateLimitKey key, CancellationToken cancellationToken) =>
        shared is null
            // A fixed-window limiter always keeps statistics; only a limiter that keeps none answers null.
            ? [.. key.Policy.Windows.Select((_, index) => windows[index].GetStatistics(key)!.CurrentAvailablePermits)]
            : await shared.RemainingAsync(key.Partition, SharedWindowsRateLimiter.Limits(key.Policy), timeProvider.GetUtcNow(), cancellationToken);

    public void Dispose()
    {
        Global.Dispose();
        uploads.Dispose();
        allWindows.Dispose();
        foreach (var window in windows)
        {
            window.Dispose();
        }
    }

    private RateLimitKey KeyOf(HttpContext context) =>
        RequestBody.IsTakenBy(context.GetEndpoint()) ? CreateKey(context)
        : context.Request.Path.StartsWithSegments("/health") ? RateLimitKey.Unlimited
        : RequestKey(context);

    /// <summary>Window <paramref name="index"/> of every policy; a policy with fewer windows is not limited here.</summary>
    private static PartitionedRateLimiter<RateLimitKey> Window(int index) =>
        PartitionedRateLimiter.Create<RateLimitKey, string>(key =>
            index < key.Policy.Windows.Count
                ? RateLimitPartition.GetFixedWindowLimiter(key.Partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = key.Policy.Windows[index].Permits,
                    Window = key.Policy.Windows[index].Period,
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));

    /// <summary>
    /// At most <paramref name="permits"/> requests at once, and <paramref name="queue"/> more waiting, oldest first;
    /// one more is refused at once. The middleware returns the permit when the request ends, however it ends, a client
    /// that hangs up included, and waits with the request's abort token, so a client that hangs up while waiting
    /// leaves the queue.
    /// </summary>
    private static RateLimitPartition<string> AtOnce(string key, int permits, int queue) =>
        RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = queue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
}
