using Microsoft.Extensions.Options;
using Prometheus;

namespace Paste.Api.Metrics;

public static class MetricsSetup
{
    public const string Path = "/metrics";

    public static IServiceCollection AddPasteMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<MetricsSettings>, MetricsSettingsValidator>();
        services.AddOptions<MetricsSettings>().Bind(configuration.GetSection(MetricsSettings.SectionName)).ValidateOnStart();
        services.AddSingleton<PrometheusRegistry>();
        return services;
    }

    /// <summary>Before the endpoints: <c>/metrics</c> for the allowed networks only.</summary>
    public static IApplicationBuilder UsePasteMetrics(this IApplicationBuilder app) => app.UseMiddleware<MetricsAccessMiddleware>();

    /// <summary>Prometheus' text format at <c>/metrics</c>.</summary>
    public static IEndpointConventionBuilder MapPasteMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMetrics(Path, endpoints.ServiceProvider.GetRequiredService<PrometheusRegistry>().Registry);
}
