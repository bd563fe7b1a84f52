using Paste.Api.Protection;
using Paste.Application.Pastes;

namespace Paste.Api.Contracts;

/// <summary>
/// 200 body of GET /limits, and the <c>limits</c> member of GET /: what the service allows this caller, before it
/// sends anything. Durations are in seconds.
/// </summary>
/// <param name="Authenticated">Whether the caller is identified (client certificate or signed request).</param>
/// <param name="MaxSize">The largest paste the caller may send, in bytes.</param>
/// <param name="MaxLifetime">The longest <c>expires_in</c> a create may ask for.</param>
/// <param name="Expiry">How long a paste lives after its last read.</param>
/// <param name="RateLimits">The caller's creates budget, then its budget for every other request, each window with what is left of it.</param>
/// <param name="Quota">The owner's quota and what its live pastes take now; absent for anonymous callers, who have none.</param>
public sealed record LimitsResponse(
    bool Authenticated,
    long MaxSize,
    long MaxLifetime,
    long Expiry,
    IReadOnlyList<RateLimitPolicyResponse> RateLimits,
    QuotaResponse? Quota)
{
    public static LimitsResponse From(CallerLimits limits, IReadOnlyList<RateLimitPolicyStatus> rateLimits) =>
        new(
            limits.Quota is not null,
            limits.MaxBytes,
            (long)limits.MaxLifetime.TotalSeconds,
            (long)limits.Expiry.TotalSeconds,
            [.. rateLimits.Select(RateLimitPolicyResponse.From)],
            limits.Quota is { } quota ? new QuotaResponse(quota.MaxPastes, quota.MaxBytes, quota.Used.Pastes, quota.Used.Bytes) : null);
}

/// <param name="Policy"><c>anonymous_creates</c> or <c>authenticated_creates</c>, and <c>requests</c>.</param>
/// <param name="Windows">Every window must allow a request; the shortest first.</param>
public sealed record RateLimitPolicyResponse(string Policy, IReadOnlyList<RateLimitWindowResponse> Windows)
{
    public static RateLimitPolicyResponse From(RateLimitPolicyStatus status) =>
        new(status.Policy, [.. status.Windows.Select(window => new RateLimitWindowResponse(window.Window, window.Permits, window.PeriodSeconds, window.Remaining))]);
}

/// <param name="Window">The window as configured, e.g. <c>50 per hour</c>.</param>
/// <param name="Permits">Requests the window allows.</param>
/// <param name="Period">The window's length in seconds.</param>
/// <param name="Remaining">Requests left in the current window.</param>
public sealed record RateLimitWindowResponse(string Window, int Permits, long Period, long Remaining);

/// <param name="MaxPastes">Live pastes the owner may have; absent for no quota.</param>
/// <param name="MaxBytes">Content bytes the owner's live pastes may take; absent for no quota.</param>
/// <param name="Pastes">Live pastes the owner has now.</param>
/// <param name="Bytes">Content bytes they take now.</param>
public sealed record QuotaResponse(long? MaxPastes, long? MaxBytes, long Pastes, long Bytes);
