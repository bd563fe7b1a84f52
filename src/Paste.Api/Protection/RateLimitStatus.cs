namespace Paste.Api.Protection;

/// <summary>
/// The rate limits that apply to the caller of a request, with what is left of each window now, as the limiter itself
/// counts it (for <c>GET /limits</c>). Reading takes no permit.
/// </summary>
public sealed class RateLimitStatus(PasteRateLimiter limiter)
{
    /// <summary>
    /// The caller's creates (per owner when authenticated, else per client IP), then their other requests (per client
    /// IP), whatever the request of <paramref name="context"/> is; each policy's windows shortest first.
    /// </summary>
    public async Task<IReadOnlyList<RateLimitPolicyStatus>> ForAsync(HttpContext context, CancellationToken cancellationToken) =>
        [await StatusAsync(limiter.CreateKey(context), cancellationToken), await StatusAsync(limiter.RequestKey(context), cancellationToken)];

    private async Task<RateLimitPolicyStatus> StatusAsync(RateLimitKey key, CancellationToken cancellationToken)
    {
        var remaining = await limiter.RemainingAsync(key, cancellationToken);
        return new(key.Policy.Name, [.. key.Policy.Windows.Select((window, index) => new RateLimitWindowStatus(
            window.Text, window.Permits, (long)window.Period.TotalSeconds, remaining[index]))]);
    }
}
