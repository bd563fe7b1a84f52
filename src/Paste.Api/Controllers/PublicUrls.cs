using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Api.Controllers;

public static class PublicUrls
{
    /// <summary>
    /// Where callers reach the service: Paste:PublicBaseUrl when set, else the request's own scheme and host, which host
    /// filtering has already checked against AllowedHosts (see HostFilteringSetup). No trailing slash.
    /// </summary>
    public static string BaseUrl(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IOptions<PasteOptions>>().Value.PublicBaseUrl;
        return configured.Length > 0 ? configured : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
