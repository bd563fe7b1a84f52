using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Paste.Api.Errors;
using Paste.Api.Hosting;

namespace Paste.Api.Protection;

public static class ProtectionSetup
{
    /// <summary>The one CORS policy: the origins of Paste:Cors:AllowedOrigins.</summary>
    public const string CorsPolicy = "configured-origins";

    public static IServiceCollection AddPasteProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ProtectionSettingsValidator>();
        services.AddSingleton<IValidateOptions<RateLimitSettings>>(provider => provider.GetRequiredService<ProtectionSettingsValidator>());
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>>(provider => provider.GetRequiredService<ProtectionSettingsValidator>());
        services.AddSingleton<IValidateOptions<CorsSettings>>(provider => provider.GetRequiredService<ProtectionSettingsValidator>());
        services.AddSingleton<IValidateOptions<KestrelLimitSettings>>(provider => provider.GetRequiredService<ProtectionSettingsValidator>());
        services.AddOptions<RateLimitSettings>().Bind(configuration.GetSection(RateLimitSettings.SectionName)).ValidateOnStart();
        services.AddOptions<ForwardedHeadersSettings>().Bind(configuration.GetSection(ForwardedHeadersSettings.SectionName)).ValidateOnStart();
        services.AddOptions<CorsSettings>().Bind(configuration.GetSection(CorsSettings.SectionName)).ValidateOnStart();
        services.AddOptions<KestrelLimitSettings>().Bind(configuration.GetSection(KestrelLimitSettings.SectionName)).ValidateOnStart();

        // Kestrel's limits on slow clients come from Paste:Limits, validated like every other setting; the framework
        // itself reads no limits from configuration.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<KestrelLimitSettings>>((options, settings) =>
        {
            if (settings.ValidOrNull() is not { } limits)
            {
                return;
            }

            options.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            options.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinRequestBodyBytesPerSecond, limits.MinRequestBodyGracePeriod);
            options.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
        });

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = settings.Value.ForwardLimit;
            if (settings.Value.KnownProxies.Count + settings.Value.KnownNetworks.Count > 0)
            {
                // Configured proxies replace the default (loopback only) rather than adding to it.
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                foreach (var proxy in settings.Value.KnownProxies)
                {
                    options.KnownProxies.Add(IPAddress.Parse(proxy));
                }

                foreach (var network in settings.Value.KnownNetworks)
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });

        services.AddSingleton<TrustedProxies>();
        services.AddSingleton<ClientBudgetKey>();
        services.AddSingleton<PasteRateLimiter>();
        services.AddSingleton<RateLimitStatus>();
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<PasteRateLimiter>((options, limiter) =>
        {
            options.OnRejected = RejectAsync;
            options.GlobalLimiter = limiter.Global;
        });
        services.AddRateLimiter(_ => { });

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<CorsSettings>>((options, cors) =>
            options.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. cors.Value.AllowedOrigins])
                .WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Delete)
                .AllowAnyHeader()
                .WithExposedHeaders(Middleware.RequestIdMiddleware.HeaderName)));
        return services;
    }

    /// <summary>Only configured origins get CORS headers; with none configured the middleware is not even in the pipeline.</summary>
    public static IApplicationBuilder UsePasteCors(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<CorsSettings>>().Value.AllowedOrigins.Count > 0
            ? app.UseCors(CorsPolicy)
            : app;

    /// <summary>
    /// Keeps each request's <see cref="ConnectionPeer"/>; goes before UseForwardedHeaders, which replaces the peer's
    /// address with the client that a trusted proxy names. The X-Original-For header that middleware leaves behind proves
    /// nothing: a client can send one of its own, which stays when the middleware does not apply.
    /// </summary>
    public static IApplicationBuilder UseConnectionPeer(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Features.Set(new ConnectionPeer(context.Connection.RemoteIpAddress));
            return next(context);
        });

    public static string ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        // A window knows when it refills: the refusing window's lease says its length, an upper bound on the wait. An
        // upload slot frees whenever one of the caller's uploads ends, which nobody can foresee: one second says "soon"
        // without inviting a tight loop. Whole seconds as a long, as a window may be configured longer than 68 years.
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var refill) ? refill : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1L, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

        await ProblemDetailsSetup.WriteProblemAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests");
    }
}
