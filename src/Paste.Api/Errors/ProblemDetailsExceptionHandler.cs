using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Paste.Api.Authentication;
using Paste.Application.Common;
using Paste.Application.ServerFunctions;

namespace Paste.Api.Errors;

/// <summary>The one place where a failure becomes an HTTP status and a problem-details body.</summary>
public sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested)
        {
            return Abandoned(httpContext, exception);
        }

        var problem = exception switch
        {
            ValidationException validation => ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, validation.Errors.FirstOrDefault()?.ErrorMessage ?? "Invalid request"),
            NotFoundException notFound => ProblemDetailsSetup.Problem(StatusCodes.Status404NotFound, notFound.Message),
            AuthenticationRequiredException unauthenticated => ProblemDetailsSetup.Problem(StatusCodes.Status401Unauthorized, unauthenticated.Message),
            ForbiddenException forbidden => ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, forbidden.Message),
            InvalidSignatureException invalidSignature => ProblemDetailsSetup.Problem(StatusCodes.Status401Unauthorized, invalidSignature.Message),
            PayloadTooLargeException tooLarge => TooLarge(tooLarge),
            QuotaExceededException quota => OverQuota(quota),
            IdempotencyKeyReusedException reused => ProblemDetailsSetup.Problem(StatusCodes.Status422UnprocessableEntity, reused.Message),
            StorageFullException full => ProblemDetailsSetup.Problem(StatusCodes.Status507InsufficientStorage, full.Message),
            SealedCallRefusedException refused => ProblemDetailsSetup.Problem(StatusCodes.Status401Unauthorized, refused.Message),
            ServerFunctionFailedException failed => ProblemDetailsSetup.Problem(StatusCodes.Status502BadGateway, failed.Message),
            ServerFunctionsBusyException busy => ProblemDetailsSetup.Problem(StatusCodes.Status429TooManyRequests, busy.Message),
            ServiceStoppingException stopping => ProblemDetailsSetup.Problem(StatusCodes.Status503ServiceUnavailable, stopping.Message),
            BadHttpRequestException badRequest => FromKestrel(badRequest),
            EndOfStreamException => ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "Request body shorter than its Content-Length"),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception");
            problem = ProblemDetailsSetup.Problem(StatusCodes.Status500InternalServerError, "Internal server error");
        }
        else if (exception is not InvalidSignatureException)
        {
            // A refused signature is not logged here: the authentication handler logged it with its reason, once.
            // Sealed calls answer without saying why; the reason is for the operator alone.
            var reason = exception switch
            {
                SealedCallRefusedException refused => refused.Reason,
                ServerFunctionFailedException failed => $"function {failed.Function}: {failed.Reason}",
                ServerFunctionsBusyException busy => busy.Reason,
                _ => problem.Extensions[ProblemDetailsSetup.ErrorMember],
            };
            logger.Log(
                problem.Status >= StatusCodes.Status500InternalServerError ? LogLevel.Warning : LogLevel.Information,
                "Request refused with {StatusCode}: {Reason}",
                problem.Status,
                reason);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is InvalidSignatureException)
        {
            httpContext.Response.Headers.WWWAuthenticate = SignatureAuthenticationHandler.Challenge;
        }

        // A run ends when it ends, which nobody can foresee: one second says "soon" without inviting a tight loop, as
        // for a full upload slot.
        if (exception is ServerFunctionsBusyException)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        try
        {
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = problem,
                Exception = exception,
            });
        }
        catch (Exception writeFailure) when (writeFailure is OperationCanceledException or IOException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The connection went away while the answer was being written.
            return Abandoned(httpContext, exception);
        }
    }

    /// <summary>
    /// The client has gone (it reset the connection mid-body, say): nobody reads an answer, and writing one would only
    /// fail. Its own doing, so no error is logged, and the request line says 499 as for any request a client abandoned.
    /// </summary>
    private bool Abandoned(HttpContext httpContext, Exception exception)
    {
        logger.LogInformation("Request abandoned by the client ({Failure})", exception.GetType().Name);
        if (!httpContext.Response.HasStarted)
        {
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        }

        return true;
    }

    private static ProblemDetails TooLarge(PayloadTooLargeException exception)
    {
        var problem = ProblemDetailsSetup.Problem(StatusCodes.Status413PayloadTooLarge, exception.Message);
        problem.Extensions["size"] = exception.Size;
        problem.Extensions["max_size"] = exception.MaxSize;
        problem.Extensions["authenticated"] = exception.Authenticated;
        return problem;
    }

    private static ProblemDetails OverQuota(QuotaExceededException exception)
    {
        var problem = ProblemDetailsSetup.Problem(StatusCodes.Status403Forbidden, exception.Message);
        problem.Extensions["quota"] = exception.Quota;
        problem.Extensions["used"] = exception.Used;
        problem.Extensions["allowed"] = exception.Allowed;
        return problem;
    }

    /// <summary>Broken framing, a body cut short, a slow client: the server's message can carry internals, so it is replaced.</summary>
    private static ProblemDetails FromKestrel(BadHttpRequestException exception) => exception.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => ProblemDetailsSetup.Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large"),
        StatusCodes.Status408RequestTimeout => ProblemDetailsSetup.Problem(StatusCodes.Status408RequestTimeout, "Request body timed out"),
        _ => ProblemDetailsSetup.Problem(StatusCodes.Status400BadRequest, "Malformed request body"),
    };
}
