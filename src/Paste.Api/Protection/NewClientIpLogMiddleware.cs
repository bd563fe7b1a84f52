using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Paste.Api.Protection;

/// <summary>
/// Logs the first request seen from a client IP (after trusted forwarded headers), at most once per
/// <see cref="ForwardedHeadersSettings.NewIpLogWindow"/>, so operators can see who starts talking to the service.
/// </summary>
public sealed class NewClientIpLogMiddleware(
    RequestDelegate next,
    TimeProvider timeProvider,
    IOptions<ForwardedHeadersSettings> settings,
    ILogger<NewClientIpLogMiddleware> logger)
{
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> lastLogged = new(StringComparer.Ordinal);

    public Task InvokeAsync(HttpContext context)
    {
        var ip = ProtectionSetup.ClientIp(context);
        var now = timeProvider.GetUtcNow();
        var window = settings.Value.NewIpLogWindow;
        if (!lastLogged.TryGetValue(ip, out var logged) || now - logged >= window)
        {
            lastLogged[ip] = now;
            logger.LogInformation("First request from {ClientIp} in this window", ip);
            if (lastLogged.Count > MaxRemembered)
            {
                foreach (var (key, at) in lastLogged)
                {
                    if (now - at >= window)
                    {
                        lastLogged.TryRemove(key, out _);
                    }
                }
            }
        }

        return next(context);
    }
}
