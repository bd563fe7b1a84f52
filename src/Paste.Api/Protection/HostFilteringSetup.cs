using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Api.Protection;

/// <summary>
/// The host names the service answers to: those of <c>AllowedHosts</c>, and the host of <c>Paste:PublicBaseUrl</c>.
/// Without a public base URL, the addresses the service hands out (Location, the url of POST /submit, the page's link
/// and QR code, the examples of GET /) are built on the request's Host, so a request naming any other host is refused
/// before it reaches them.
/// </summary>
public static class HostFilteringSetup
{
    public const string AllowedHostsKey = "AllowedHosts";

    public static IServiceCollection AddPasteHostFiltering(this IServiceCollection services, IConfiguration configuration)
    {
        // The framework's defaults run host filtering ahead of the whole pipeline, where a refusal is an HTML page without
        // a request id or a log line; Program places the same middleware after the error pages instead.
        services.Remove(services.Single(descriptor =>
            descriptor.ServiceType == typeof(IStartupFilter) && descriptor.ImplementationType?.Name == "HostFilteringStartupFilter"));

        services.AddSingleton<IValidateOptions<HostFilteringOptions>, AllowedHostsValidator>();
        services.AddOptions<HostFilteringOptions>()
            .Configure<IOptions<PasteOptions>>((options, paste) =>
            {
                options.AllowedHosts = [.. (configuration[AllowedHostsKey] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                if (Uri.TryCreate(paste.Value.PublicBaseUrl, UriKind.Absolute, out var publicBase))
                {
                    options.AllowedHosts.Add(publicBase.Host);
                }

                // The refusal is an empty 400 that the status code pages turn into the usual problem.
                options.IncludeFailureMessage = false;
            })
            .ValidateOnStart();
        return services;
    }
}
