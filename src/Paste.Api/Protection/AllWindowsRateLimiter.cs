using System.Threading.RateLimiting;

namespace Paste.Api.Protection;

/// <summary>
/// Takes a permit from every window of a rate limit, or from none. The framework's chained limiter takes permits in
/// order and keeps those it took when a later window refuses (a fixed window cannot give a permit back), and the
/// rate-limiting middleware asks twice before it refuses: with "1/second" and "50 per hour", each refusal by the hour
/// would cost the per-second window two permits and, that window then empty, send its Retry-After of one second
/// instead of the hour's. So every window is asked first whether it has a permit left, with a request for none, which takes none.
/// Two requests of one caller at the same instant can still pass that question together and one be refused by a later
/// window after taking from an earlier one: a permit lost in a race, not one per refusal. A single window takes
/// nothing when it refuses, so with one there is no question to ask and a request costs what it did before.
/// </summary>
/// <param name="windows">Shortest period first, as <see cref="RateLimitPolicy.Windows"/> orders them.</param>
internal sealed class AllWindowsRateLimiter<TResource>(IReadOnlyList<PartitionedRateLimiter<TResource>> windows) : PartitionedRateLimiter<TResource>
{
    private readonly PartitionedRateLimiter<TResource> chain = PartitionedRateLimiter.CreateChained([.. windows]);
    private readonly bool askFirst = windows.Count > 1;

    public override RateLimiterStatistics? GetStatistics(TResource resource) => chain.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(TResource resource, int permitCount) =>
        (askFirst ? Refusal(resource) : null) ?? chain.AttemptAcquire(resource, permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(TResource resource, int permitCount, CancellationToken cancellationToken) =>
        askFirst && Refusal(resource) is { } refusal ? ValueTask.FromResult(refusal) : chain.AcquireAsync(resource, permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            chain.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// The refusal of the longest window without a permit left, or null when every window has one: its Retry-After
    /// is the wait after which no window refuses any more, where a shorter one's would invite a retry bound to fail.
    /// </summary>
    private RateLimitLease? Refusal(TResource resource)
    {
        RateLimitLease? refusal = null;
        foreach (var window in windows)
        {
            var probe = window.AttemptAcquire(resource, 0);
            if (probe.IsAcquired)
            {
                probe.Dispose();
            }
            else
            {
                refusal?.Dispose();
                refusal = probe;
            }
        }

        return refusal;
    }
}
