using System.Net;
using Microsoft.Extensions.Options;

namespace Paste.Api.Protection;

/// <summary><c>Paste:RateLimits</c>: requests per minute for each kind of caller.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Paste:RateLimits";

    /// <summary>Creates per client IP for anonymous callers.</summary>
    public int AnonymousPermitsPerMinute { get; set; } = 60;

    /// <summary>Creates per owner (certificate or registered client) for authenticated callers.</summary>
    public int AuthenticatedPermitsPerMinute { get; set; } = 600;

    /// <summary>Every other request per client IP; /health is never limited.</summary>
    public int RequestsPerMinute { get; set; } = 3000;
}

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

/// <summary><c>Paste:Cors</c>: browser origins allowed to call the API; empty means no CORS headers at all.</summary>
public sealed class CorsSettings
{
    public const string SectionName = "Paste:Cors";

    public IList<string> AllowedOrigins { get; } = [];
}

public sealed class ProtectionOptionsValidator :
    IValidateOptions<RateLimitOptions>, IValidateOptions<ForwardedHeadersSettings>, IValidateOptions<CorsSettings>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        Positive(failures, RateLimitOptions.SectionName, nameof(options.AnonymousPermitsPerMinute), options.AnonymousPermitsPerMinute);
        Positive(failures, RateLimitOptions.SectionName, nameof(options.AuthenticatedPermitsPerMinute), options.AuthenticatedPermitsPerMinute);
        Positive(failures, RateLimitOptions.SectionName, nameof(options.RequestsPerMinute), options.RequestsPerMinute);
        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        const string prefix = ForwardedHeadersSettings.SectionName + ":";
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"{prefix}{nameof(options.KnownProxies)}:{i} must be an IP address.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                failures.Add($"{prefix}{nameof(options.KnownNetworks)}:{i} must be a network in CIDR form, such as 10.0.0.0/8.");
            }
        }

        Positive(failures, ForwardedHeadersSettings.SectionName, nameof(options.ForwardLimit), options.ForwardLimit);
        if (options.NewIpLogWindow <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.NewIpLogWindow)} must be a positive duration such as 01:00:00.");
        }

        return Result(failures);
    }

    public ValidateOptionsResult Validate(string? name, CorsSettings options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AllowedOrigins.Count; i++)
        {
            var origin = options.AllowedOrigins[i];
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                failures.Add($"{CorsSettings.SectionName}:{nameof(options.AllowedOrigins)}:{i} must be an origin such as https://app.example.com (scheme, host, optional port; no path).");
            }
        }

        return Result(failures);
    }

    private static void Positive(List<string> failures, string section, string key, int value)
    {
        if (value < 1)
        {
            failures.Add($"{section}:{key} must be a positive whole number.");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
