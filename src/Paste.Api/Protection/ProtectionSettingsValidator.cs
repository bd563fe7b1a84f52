using System.Net;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Api.Protection;

/// <summary>Checks the rate-limit, forwarded-header, CORS and server-limit settings at start-up, naming the key of each bad value.</summary>
public sealed class ProtectionSettingsValidator :
    IValidateOptions<RateLimitSettings>, IValidateOptions<ForwardedHeadersSettings>, IValidateOptions<CorsSettings>, IValidateOptions<KestrelLimitSettings>
{
    public ValidateOptionsResult Validate(string? name, RateLimitSettings options)
    {
        var failures = new List<string>();
        Windows(failures, nameof(options.AnonymousCreates), options.AnonymousCreates);
        Windows(failures, nameof(options.AuthenticatedCreates), options.AuthenticatedCreates);
        Windows(failures, nameof(options.Requests), options.Requests);

        // A per-minute value is checked even beside its list, under which it does not apply: it is still a mistake.
        PositiveIfSet(failures, nameof(options.AnonymousPermitsPerMinute), options.AnonymousPermitsPerMinute);
        PositiveIfSet(failures, nameof(options.AuthenticatedPermitsPerMinute), options.AuthenticatedPermitsPerMinute);
        PositiveIfSet(failures, nameof(options.RequestsPerMinute), options.RequestsPerMinute);
        Positive(failures, RateLimitSettings.SectionName, nameof(options.ConcurrentUploadsPerClient), options.ConcurrentUploadsPerClient);
        if (options.ConcurrentUploadQueuePerClient < 0)
        {
            failures.Add($"{RateLimitSettings.Key(nameof(options.ConcurrentUploadQueuePerClient))} must be a whole number, 0 or more (0 queues no upload).");
        }

        if (options.Ipv6PrefixLength is < 1 or > 128)
        {
            failures.Add($"{RateLimitSettings.Key(nameof(options.Ipv6PrefixLength))} must be a whole number of bits between 1 and 128, such as 64.");
        }

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

        Networks(failures, prefix + nameof(options.KnownNetworks), options.KnownNetworks);

        Positive(failures, ForwardedHeadersSettings.SectionName, nameof(options.ForwardLimit), options.ForwardLimit);
        DurationSetting.Check(failures, prefix + nameof(options.NewIpLogWindow), options.NewIpLogWindow, "01:00:00");

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

    public ValidateOptionsResult Validate(string? name, KestrelLimitSettings options)
    {
        const string prefix = KestrelLimitSettings.SectionName + ":";
        var failures = new List<string>();
        DurationSetting.Check(failures, prefix + nameof(options.RequestHeadersTimeout), options.RequestHeadersTimeout, "00:00:10");
        Positive(failures, KestrelLimitSettings.SectionName, nameof(options.MinRequestBodyBytesPerSecond), options.MinRequestBodyBytesPerSecond);

        // Kestrel checks data rates on its once-a-second heartbeat and refuses a grace period that is not longer.
        if (options.MinRequestBodyGracePeriod <= TimeSpan.FromSeconds(1) || options.MinRequestBodyGracePeriod > DurationSetting.Max)
        {
            failures.Add($"{prefix}{nameof(options.MinRequestBodyGracePeriod)} must be longer than one second and at most {DurationSetting.Max.TotalDays:0} days, such as 00:00:10.");
        }

        DurationSetting.Check(failures, prefix + nameof(options.KeepAliveTimeout), options.KeepAliveTimeout, "00:01:15");
        return Result(failures);
    }

    /// <summary>Every entry of a list of networks, such as <c>Paste:ForwardedHeaders:KnownNetworks</c>, in CIDR form.</summary>
    public static void Networks(List<string> failures, string key, IList<string> networks)
    {
        for (var i = 0; i < networks.Count; i++)
        {
            if (!IPNetwork.TryParse(networks[i], out _))
            {
                failures.Add($"{key}:{i} must be a network in CIDR form, such as 10.0.0.0/8.");
            }
        }
    }

    private static void PositiveIfSet(List<string> failures, string setting, int? value)
    {
        if (value is { } permits)
        {
            Positive(failures, RateLimitSettings.SectionName, setting, permits);
        }
    }

    private static void Windows(List<string> failures, string setting, List<string> windows)
    {
        for (var i = 0; i < windows.Count; i++)
        {
            if (!RateLimitWindow.TryParse(windows[i], out _))
            {
                failures.Add($"{RateLimitSettings.Key(setting)}:{i}: {RateLimitWindow.NotAWindow(windows[i])}.");
            }
        }
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
