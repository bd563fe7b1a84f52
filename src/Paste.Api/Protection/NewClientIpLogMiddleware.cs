using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Api.Protection;

/// <summary>
/// Logs the first request seen from a client IP (after trusted forwarded headers; an IPv6 client by its network, as
/// <see cref="ClientBudgetKey"/> counts it, so that walking through one network's addresses is not one line each and
/// one remembered entry each), at most once per
/// <see cref="ForwardedHeadersSettings.NewIpLogWindow"/>, so operators can see who starts talking to the service. With
/// a shared store (<paramref name="sharedLog"/>) the window is shared by every instance, so only one logs an address;
/// each instance still remembers what it asked about, so that an address costs the store one question per window.
/// </summary>
public sealed class NewClientIpLogMiddleware(
    RequestDelegate next,
    TimeProvider timeProvider,
    IOptions<ForwardedHeadersSettings> settings,
    ClientBudgetKey clientKey,
    ILogger<NewClientIpLogMiddleware> logger,
    IClientAddressLog? sharedLog = null)
{
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> lastLogged = new(StringComparer.Ordinal);

    public Task InvokeAsync(HttpContext context)
    {
        var ip = clientKey.Of(context);
        var now = timeProvider.GetUtcNow();
        var window = settings.Value.NewIpLogWindow;
        if (lastLogged.TryGetValue(ip, out var logged) && now - logged < window)
        {
            return next(context);
        }

        lastLogged[ip] = now;
        Forget(now, window);
        if (sharedLog is null)
        {
            LogFirstRequest(ip);
            return next(context);
        }

        return AskEveryInstanceAsync(context, ip, now, window);
    }

    /// <summary>Only the instance whose mark in the shared log is new logs the address.</summary>
    private async Task AskEveryInstanceAsync(HttpContext context, string ip, DateTimeOffset now, TimeSpan window)
    {
        if (await sharedLog!.TryMarkNewAsync(ip, now, window, context.RequestAborted))
        {
            LogFirstRequest(ip);
        }

        await next(context);
    }

    private void LogFirstRequest(string ip) => logger.LogInformation("First request from {ClientIp} in this window", ip);

    /// <summary>Past <see cref="MaxRemembered"/> addresses, those whose window has ended are dropped.</summary>
    private void Forget(DateTimeOffset now, TimeSpan window)
    {
        if (lastLogged.Count <= MaxRemembered)
        {
            return;
        }

        foreach (var (key, at) in lastLogged)
        {
            if (now - at >= window)
            {
                lastLogged.TryRemove(key, out _);
            }
        }
    }
}
