using System.Net;
using Microsoft.Extensions.Options;
using Paste.Api.Errors;
using IPNetwork = System.Net.IPNetwork;

namespace Paste.Api.Metrics;

/// <summary>
/// <c>/metrics</c> tells how busy the service is and what it stores: only clients in <c>Paste:Metrics:AllowedNetworks</c>
/// (loopback when none is configured) may read it; everyone else gets 403.
/// </summary>
public sealed class MetricsAccessMiddleware(RequestDelegate next, IOptions<MetricsSettings> settings)
{
    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private readonly IPNetwork[] allowed = settings.Value.AllowedNetworks.Count == 0
        ? Loopback
        : [.. settings.Value.AllowedNetworks.Select(network => IPNetwork.Parse(network))];

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(MetricsSetup.Path) || IsAllowed(context.Connection.RemoteIpAddress))
        {
            return next(context);
        }

        return ProblemDetailsSetup.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Metrics are not available from this address");
    }

    private bool IsAllowed(IPAddress? address)
    {
        if (address is null)
        {
            // The in-process test host has no connection; a real socket always has an address.
            return false;
        }

        var client = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return allowed.Any(network => network.Contains(client));
    }
}
