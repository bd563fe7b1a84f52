namespace Paste.Api.Middleware;

/// <summary>
/// HTTP methods are case-sensitive: <c>get</c> is not <c>GET</c>. The server and routing compare methods ignoring case,
/// so a standard method in another case is refused here with the 405 (and error body) of any unknown method.
/// </summary>
public sealed class CaseSensitiveMethodsMiddleware(RequestDelegate next)
{
    private static readonly string[] StandardMethods =
    [
        HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete,
        HttpMethods.Patch, HttpMethods.Options, HttpMethods.Trace, HttpMethods.Connect,
    ];

    public Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!StandardMethods.Contains(method, StringComparer.Ordinal) && StandardMethods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
