using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Paste.Api.Errors;

/// <summary>
/// Writes every problem as application/problem+json. The framework's own writer declines when the caller's Accept
/// header leaves JSON out (text/plain, say), and the fallbacks then lose the error string or answer in plain text;
/// an API that promises one error shape answers with it whatever was asked for. Browsers alone get a page instead
/// (<see cref="ProblemPageWriter"/>).
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The RFC sections for the statuses this service answers with, linked as the framework links them.</summary>
    private static readonly Dictionary<int, string> TypeLinks = new()
    {
        [400] = "15.5.1",
        [401] = "15.5.2",
        [403] = "15.5.4",
        [404] = "15.5.5",
        [405] = "15.5.6",
        [406] = "15.5.7",
        [408] = "15.5.9",
        [409] = "15.5.10",
        [411] = "15.5.12",
        [413] = "15.5.14",
        [414] = "15.5.15",
        [415] = "15.5.16",
        [422] = "15.5.21",
        [500] = "15.6.1",
        [501] = "15.6.2",
        [502] = "15.6.3",
        [503] = "15.6.4",
        [504] = "15.6.5",
    };

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Type ??= status switch
        {
            StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
            StatusCodes.Status507InsufficientStorage => "https://tools.ietf.org/html/rfc4918#section-11.5",
            _ => TypeLinks.TryGetValue(status, out var section) ? "https://tools.ietf.org/html/rfc9110#section-" + section : null,
        };

        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, Json, ContentType, context.HttpContext.RequestAborted));
    }
}
