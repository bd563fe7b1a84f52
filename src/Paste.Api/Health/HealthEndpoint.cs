using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paste.Api.Contracts;

namespace Paste.Api.Health;

public static class HealthEndpoint
{
    /// <summary>
    /// <c>GET /health</c>: the framework's health checks, answered with the reference API's JSON. Probed often by load
    /// balancers, it is mapped straight onto the health check service rather than through a controller.
    /// </summary>
    public static IEndpointConventionBuilder MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/health", async Task<IResult> (HealthCheckService health, CancellationToken cancellationToken) =>
            (await health.CheckHealthAsync(cancellationToken)).Status switch
            {
                HealthStatus.Unhealthy => TypedResults.Json(new HealthResponse("unhealthy", "error"), statusCode: StatusCodes.Status503ServiceUnavailable),

                // Full storage still serves reads: load balancers keep the instance, monitoring sees why creates fail.
                HealthStatus.Degraded => TypedResults.Json(new HealthResponse("degraded", "full")),
                _ => TypedResults.Json(new HealthResponse("healthy", "ok")),
            })
            .WithName("GetHealth")
            .WithTags("Service")
            .WithSummary("Health of the service and its database, for load balancers and monitoring.")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
}
