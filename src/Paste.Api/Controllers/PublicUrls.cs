using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Api.Controllers;

public static class PublicUrls
{
    /// <summary>An absolute URL for <paramref name="path"/>: under Paste:PublicBaseUrl when set, else the request's own scheme and host.</summary>
    public static string Absolute(HttpRequest request, string path)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IOptions<PasteOptions>>().Value.PublicBaseUrl;
        var baseUrl = configured.Length > 0 ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return baseUrl + path;
    }
}
