namespace Paste.Api.Protection;

/// <summary>The rate limit of one kind of caller: windows that must every one allow a request.</summary>
public sealed class RateLimitPolicy(string name, IEnumerable<RateLimitWindow> windows)
{
    /// <summary>The kind of caller: <c>anonymous_creates</c>, <c>authenticated_creates</c> or <c>requests</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Shortest period first, so that the last window to refuse a request is the one that refills last.</summary>
    public IReadOnlyList<RateLimitWindow> Windows { get; } = [.. windows.OrderBy(window => window.Period)];
}
