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
            (await health.CheckHealthAsync(cancellationToken)).Status == HealthStatus.Unhealthy
                ? TypedResults.Json(new HealthResponse("unhealthy", "error"), statusCode: StatusCodes.Status503ServiceUnavailable)
                : TypedResults.Json(new HealthResponse("healthy", "ok")))
            .WithName("GetHealth")
            .WithTags("Service")
            .WithSummary("Health of the service and its database, for load balancers and monitoring.")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
}
