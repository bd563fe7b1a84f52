using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Paste.Api.Authentication;
using Paste.Api.Binding;
using Paste.Api.Errors;
using Paste.Api.Hosting;

namespace Paste.Api.Protection;

public static class ProtectionSetup
{
    private const string CorsPolicy = "configured-origins";

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

        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((options, limits) =>
        {
            options.OnRejected = RejectAsync;
            // A create is any endpoint that takes a paste body, so a new one is limited as a create without being
            // marked. Uploads in progress count per client IP, whoever the caller is; a refusal there comes first and
            // so costs no create from the per-minute budget. Then creates count per owner, or per client IP for
            // anonymous callers; every other request counts per client IP, and /health never counts.
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    RequestBody.IsTakenBy(context.GetEndpoint())
                        ? AtOnce("upload:ip:" + ClientIp(context), limits.Value.ConcurrentUploadsPerClient)
                        : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    RequestBody.IsTakenBy(context.GetEndpoint())
                        ? context.User.GetOwner() is { } owner
                            ? PerMinute("create:owner:" + owner, limits.Value.AuthenticatedPermitsPerMinute)
                            : PerMinute("create:ip:" + ClientIp(context), limits.Value.AnonymousPermitsPerMinute)
                        : context.Request.Path.StartsWithSegments("/health")
                            ? RateLimitPartition.GetNoLimiter(string.Empty)
                            : PerMinute("ip:" + ClientIp(context), limits.Value.RequestsPerMinute)));
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

    public static string ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    /// <summary>
    /// At most <paramref name="permits"/> requests at once, none queued: one more is refused at once. The middleware
    /// returns the permit when the request ends, however it ends, a client that hangs up included.
    /// </summary>
    private static RateLimitPartition<string> AtOnce(string key, int permits) =>
        RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = 0,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        // A per-minute budget knows when it refills. An upload slot frees whenever one of the caller's uploads ends,
        // which nobody can foresee: one second says "soon" without inviting a tight loop.
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var refill) ? refill : TimeSpan.FromSeconds(1);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

        await ProblemDetailsSetup.WriteProblemAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests");
    }
}
