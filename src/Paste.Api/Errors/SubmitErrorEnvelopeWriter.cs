using Microsoft.AspNetCore.Diagnostics;

namespace Paste.Api.Errors;

/// <summary>Writes the envelope for marked endpoints; every other error falls through to the problem-details writer.</summary>
internal sealed class SubmitErrorEnvelopeWriter : IProblemDetailsWriter
{
    public const string SubmitPath = "/submit";

    public bool CanWrite(ProblemDetailsContext context)
    {
        // The exception handler clears the endpoint before it runs; the one that failed is kept on its feature.
        var endpoint = context.HttpContext.GetEndpoint() ?? context.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        return endpoint?.Metadata.GetMetadata<SubmitErrorEnvelopeAttribute>() is not null
            || context.HttpContext.Request.Path.Equals(SubmitPath, StringComparison.OrdinalIgnoreCase); // a wrong method has no endpoint of its own
    }

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var error = problem.Extensions.TryGetValue(ProblemDetailsSetup.ErrorMember, out var value) && value is string message
            ? message
            : problem.Detail ?? problem.Title ?? "Error";
        var envelope = new Dictionary<string, object?>
        {
            ["status"] = "error",
            [ProblemDetailsSetup.ErrorMember] = error,
            [ProblemDetailsSetup.RequestIdMember] = context.HttpContext.TraceIdentifier,
        };
        foreach (var member in new[] { "size", "max_size", "authenticated" })
        {
            if (problem.Extensions.TryGetValue(member, out var extra))
            {
                envelope[member] = extra;
            }
        }

        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(envelope, context.HttpContext.RequestAborted));
    }
}
