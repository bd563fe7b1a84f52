using System.Threading.RateLimiting;
using Paste.Application.Common;

namespace Paste.Api.Protection;

/// <summary>
/// Every window of a caller's policy, counted in the shared store, so that a limit holds across every instance of the
/// service. A count in the store cannot be taken synchronously, so the immediate attempt the rate-limiting middleware
/// makes first is declined without a word, and the middleware's asynchronous acquisition that follows does the
/// counting: one request, one round trip (a transaction when a policy has several windows).
/// </summary>
internal sealed class SharedWindowsRateLimiter(ISharedRateWindows store, TimeProvider timeProvider) : PartitionedRateLimiter<RateLimitKey>
{
    private static readonly RateLimitLease Admitted = new Lease(true, null);
    private static readonly RateLimitLease NotYetCounted = new Lease(false, null);

    public override RateLimiterStatistics? GetStatistics(RateLimitKey resource) => null;

    protected override RateLimitLease AttemptAcquireCore(RateLimitKey resource, int permitCount) =>
        resource.Policy.Windows.Count == 0 ? Admitted : NotYetCounted;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(RateLimitKey resource, int permitCount, CancellationToken cancellationToken)
    {
        var windows = Limits(resource.Policy);
        if (windows.Count == 0)
        {
            return Admitted;
        }

        var refusal = await store.TryTakeAsync(resource.Partition, windows, timeProvider.GetUtcNow(), cancellationToken);
        return refusal is null ? Admitted : new Lease(false, refusal.RetryAfter);
    }

    /// <summary>The windows of <paramref name="policy"/> as the store counts them, in the policy's order.</summary>
    public static IReadOnlyList<RateWindowLimit> Limits(RateLimitPolicy policy) =>
        [.. policy.Windows.Select(window => new RateWindowLimit(window.Permits, window.Period))];

    /// <summary>A lease with nothing to give back: a window's count is only ever spent.</summary>
    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
