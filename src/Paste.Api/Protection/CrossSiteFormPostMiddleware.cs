using Paste.Api.Errors;

namespace Paste.Api.Protection;

/// <summary>
/// A form on another site that posts here makes the visitor's browser send their client certificate with it, and the
/// paste would be theirs without their knowing. Browsers say where a navigation comes from (<c>Sec-Fetch-Mode</c>,
/// <c>Sec-Fetch-Site</c>); a post that navigates from anywhere but this origin (or from nowhere: a bookmark) is
/// refused. curl and scripts send neither header, and a CORS call is not a navigation.
/// </summary>
public sealed class CrossSiteFormPostMiddleware(RequestDelegate next)
{
    public const string Refusal = "Form posts from other sites are refused";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method)
            && request.Headers["Sec-Fetch-Mode"] == "navigate"
            && request.Headers["Sec-Fetch-Site"] is { Count: 1 } site
            && site[0] is not ("same-origin" or "none"))
        {
            return ProblemDetailsSetup.WriteProblemAsync(context, StatusCodes.Status403Forbidden, Refusal);
        }

        return next(context);
    }
}
