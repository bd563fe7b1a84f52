using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Paste.Api.Errors;

namespace Paste.Api.Protection;

/// <summary>
/// Refuses a request that would change something (any method but GET, HEAD, OPTIONS and TRACE) when a browser sends it
/// from another site. A page elsewhere can make its visitor's browser post a form or call fetch() here, even in
/// <c>no-cors</c> mode without reading the answer, and the browser presents the visitor's client certificate: the paste,
/// or the deletion, would be theirs without their knowing. Browsers say where a request comes from in
/// <c>Sec-Fetch-Site</c>; only <c>same-origin</c> (this service's own pages) and <c>none</c> (typed, a bookmark) pass,
/// besides a request from an origin that the CORS policy allows (<c>Paste:Cors:AllowedOrigins</c>), whose calls the
/// operator invited. curl and scripts send no <c>Sec-Fetch-Site</c> and are not affected.
/// </summary>
public sealed class CrossSiteWriteMiddleware(RequestDelegate next, IOptions<CorsOptions> corsOptions)
{
    public const string Refusal = "Requests from other sites may not change anything";

    private readonly CorsPolicy? cors = corsOptions.Value.GetPolicy(ProtectionSetup.CorsPolicy);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (ChangesSomething(request.Method)
            && request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site
            && site.ToString() is not ("same-origin" or "none")
            && !IsAllowedOrigin(request.Headers.Origin))
        {
            return ProblemDetailsSetup.WriteProblemAsync(context, StatusCodes.Status403Forbidden, Refusal);
        }

        return next(context);
    }

    private static bool ChangesSomething(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private bool IsAllowedOrigin(Microsoft.Extensions.Primitives.StringValues origin) =>
        cors is not null && origin is { Count: 1 } && origin[0] is { Length: > 0 } value && cors.IsOriginAllowed(value);
}
