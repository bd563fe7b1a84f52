using Serilog.Context;

namespace Paste.Api.Middleware;

/// <summary>
/// Gives every request an id for log correlation: the caller's X-Request-ID when it is safe to echo,
/// a new UUID otherwise. The id is echoed on the response and carried by every log line.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Request-ID";
    /// <summary>Not "RequestId": the framework's hosting log scope uses that name for its own connection-based id.</summary>
    public const string LogProperty = "Rid";

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[HeaderName] is { Count: 1 } values && IsAcceptable(values[0])
            ? values[0]!
            : Guid.NewGuid().ToString();

        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = requestId;
            return Task.CompletedTask;
        });

        using (LogContext.PushProperty(LogProperty, requestId))
        {
            await next(context);
        }
    }

    /// <summary>1–128 printable ASCII characters: nothing that could split a header or a log line.</summary>
    public static bool IsAcceptable(string? value) =>
        value is { Length: >= 1 and <= 128 } && value.All(c => c is >= ' ' and <= '~');
}
