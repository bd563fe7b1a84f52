using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Paste.Api.Middleware;

namespace Paste.Api.Pages;

/// <summary>One of the pages for people (a Razor view under <c>Views/Pages</c>), served under the pages' own policy.</summary>
public sealed class PageResult : IActionResult
{
    private readonly string view;
    private readonly object model;
    private readonly int statusCode;

    private PageResult(string view, object model, int statusCode)
    {
        this.view = view;
        this.model = model;
        this.statusCode = statusCode;
    }

    public static PageResult Paste(PastePage page) => new("Paste", page, StatusCodes.Status200OK);

    public static PageResult Create(CreatePage page) => new("Create", page, StatusCodes.Status200OK);

    public static PageResult Error(ErrorPage page) => new("Error", page, page.Status);

    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.Headers.ContentSecurityPolicy = SecurityHeadersMiddleware.PageContentSecurityPolicy;
        var metadata = context.HttpContext.RequestServices.GetRequiredService<IModelMetadataProvider>();
        return new ViewResult
        {
            ViewName = $"/Views/Pages/{view}.cshtml",
            StatusCode = statusCode,
            ViewData = new ViewDataDictionary(metadata, context.ModelState) { Model = model },
        }.ExecuteResultAsync(context);
    }
}
