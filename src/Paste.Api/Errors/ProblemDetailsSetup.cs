using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Paste.Api.Errors;

/// <summary>
/// Every error body is RFC 9457 problem details that also carries the reference API's <c>error</c> string
/// and the request id, whichever part of the pipeline produced it.
/// </summary>
public static class ProblemDetailsSetup
{
    public const string ErrorMember = "error";
    public const string RequestIdMember = "request_id";

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);

        // Framework-produced problems (unknown route, wrong method) carry no "error"; the reason phrase reads well.
        if (!problem.Extensions.ContainsKey(ErrorMember))
        {
            problem.Extensions[ErrorMember] = problem.Detail ?? problem.Title;
        }

        // Nothing from the framework's defaults that could describe internals or echo input.
        problem.Detail = null;
        problem.Instance = null;
        problem.Extensions.Remove("traceId");
        problem.Extensions.Remove("errors");
        problem.Extensions[RequestIdMember] = context.HttpContext.TraceIdentifier;

    }

    /// <summary>A problem with the reference's error string; the writers add everything else.</summary>
    public static ProblemDetails Problem(int status, string error) =>
        new() { Status = status, Extensions = { [ErrorMember] = error } };

    /// <summary>Answers with <paramref name="status"/> and the error shape the endpoint uses, outside the exception handler.</summary>
    public static async Task WriteProblemAsync(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = Problem(status, error) });
    }

    /// <summary>Model-binding failures (a body that is not valid JSON, say) go through the same writers as every other error.</summary>
    public static IActionResult InvalidModelState(ActionContext context)
    {
        var message = context.ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault(m => m.Length > 0)
            ?? context.ModelState.Where(entry => entry.Key.Length > 0 && entry.Value?.Errors.Count > 0).Select(entry => $"{entry.Key} is not valid").FirstOrDefault()
            ?? "Invalid request";
        return new ProblemResult(message);
    }

    private sealed class ProblemResult(string error) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            WriteProblemAsync(context.HttpContext, StatusCodes.Status400BadRequest, error);
    }
}
