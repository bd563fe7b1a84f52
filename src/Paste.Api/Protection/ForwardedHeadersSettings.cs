namespace Paste.Api.Protection;

/// <summary><c>Paste:ForwardedHeaders</c>: which proxies' X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "Paste:ForwardedHeaders";

    /// <summary>Proxy addresses; with KnownNetworks empty as well, only loopback is trusted.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Proxy networks in CIDR form, such as 10.0.0.0/8.</summary>
    public IList<string> KnownNetworks { get; } = [];

    public int ForwardLimit { get; set; } = 1;

    /// <summary>A client IP's first request is logged at most once per this window.</summary>
    public TimeSpan NewIpLogWindow { get; set; } = TimeSpan.FromHours(1);
}
