using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Paste.Api.Negotiation;
using Paste.Api.Pages;

namespace Paste.Api.Errors;

/// <summary>
/// A browser that navigates to a missing paste, or posts a form that is refused, gets a small page with the same
/// status and message as the problem JSON every other caller gets.
/// </summary>
internal sealed class ProblemPageWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => PasteRepresentations.WantsPage(context.HttpContext.Request);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        options.Value.CustomizeProblemDetails?.Invoke(context);

        var status = problem.Status.Value;
        var title = problem.Title ?? ReasonPhrases.GetReasonPhrase(status);
        var message = problem.Extensions.TryGetValue(ProblemDetailsSetup.ErrorMember, out var error) && error is string text ? text : title;
        var page = PageResult.Error(new ErrorPage(status, title, message, http.TraceIdentifier));
        await page.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
    }
}
