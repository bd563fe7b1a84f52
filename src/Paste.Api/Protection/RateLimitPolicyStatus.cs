namespace Paste.Api.Protection;

/// <summary>One policy that applies to a caller: <c>anonymous_creates</c>, <c>authenticated_creates</c> or <c>requests</c>.</summary>
public sealed record RateLimitPolicyStatus(string Policy, IReadOnlyList<RateLimitWindowStatus> Windows);
