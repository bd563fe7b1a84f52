using Microsoft.Extensions.Diagnostics.HealthChecks;
using Paste.Api.Contracts;

namespace Paste.Api.Health;

/// <summary>
/// The health endpoints, probed often by load balancers and orchestrators: mapped straight onto the framework's health
/// check service rather than through a controller, and never counted by the rate limiter.
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", CheckAsync)
            .WithName("GetHealth")
            .WithTags("Service")
            .WithSummary("Health of the service and its database, for load balancers and monitoring.")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);

        // Liveness asks only whether the process answers: restarting it would not mend a database that is unusable.
        endpoints.MapGet("/health/live", () => TypedResults.Json(new LivenessResponse("alive")))
            .WithName("GetLiveness")
            .WithTags("Service")
            .WithSummary("Whether the process answers at all, whatever its storage; for a supervisor that restarts it when not.")
            .Produces<LivenessResponse>(StatusCodes.Status200OK);

        endpoints.MapGet("/health/ready", CheckAsync)
            .WithName("GetReadiness")
            .WithTags("Service")
            .WithSummary("Whether the service can serve requests: its database is usable (full storage still serves reads).")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    /// <summary>The reference API's health JSON from the framework's checks, answered alike by /health and /health/ready.</summary>
    private static async Task<IResult> CheckAsync(HealthCheckService health, CancellationToken cancellationToken) =>
        (await health.CheckHealthAsync(cancellationToken)).Status switch
        {
            HealthStatus.Unhealthy => TypedResults.Json(new HealthResponse("unhealthy", "error"), statusCode: StatusCodes.Status503ServiceUnavailable),

            // Full storage still serves reads: load balancers keep the instance, monitoring sees why creates fail.
            HealthStatus.Degraded => TypedResults.Json(new HealthResponse("degraded", "full")),
            _ => TypedResults.Json(new HealthResponse("healthy", "ok")),
        };
}
