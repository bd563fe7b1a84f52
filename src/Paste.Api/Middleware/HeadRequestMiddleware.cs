namespace Paste.Api.Middleware;

/// <summary>
/// Answers HEAD with exactly the status and headers GET would give, without a body, for every GET endpoint.
/// The request is routed as GET and whatever the endpoint writes is discarded.
/// </summary>
public sealed class HeadRequestMiddleware(RequestDelegate next)
{
    private const string RewrittenKey = "Paste.HeadRewrittenToGet";

    /// <summary>The method the client actually sent: what it signed, for instance.</summary>
    public static string OriginalMethod(HttpContext context) =>
        context.Items.ContainsKey(RewrittenKey) ? HttpMethods.Head : context.Request.Method;

    public async Task InvokeAsync(HttpContext context)
    {
        // Ordinal: a lower-case "head" is not HEAD (see CaseSensitiveMethodsMiddleware).
        if (!string.Equals(context.Request.Method, HttpMethods.Head, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var body = context.Response.Body;
        context.Items[RewrittenKey] = true;
        context.Request.Method = HttpMethods.Get;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = HttpMethods.Head;
            context.Response.Body = body;
        }
    }
}
