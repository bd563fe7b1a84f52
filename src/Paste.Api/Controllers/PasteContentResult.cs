using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Paste.Api.Middleware;
using Paste.Application.Pastes;
using Paste.Domain.Pastes;

namespace Paste.Api.Controllers;

/// <summary>
/// Streams a paste's bytes with its stored type. Only images and text are shown inline; active content
/// (HTML, SVG, XML) and everything else is a download, and the sandbox keeps any of it from running on our origin.
/// </summary>
public sealed class PasteContentResult(PasteContent paste) : IActionResult
{
    public const string SandboxedContentSecurityPolicy = SecurityHeadersMiddleware.DefaultContentSecurityPolicy + "; sandbox";

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var metadata = paste.Metadata;
        await using var content = paste.Content;

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = metadata.MimeType;
        response.ContentLength = metadata.Size;
        response.Headers.ContentSecurityPolicy = SandboxedContentSecurityPolicy;
        response.Headers.ContentDisposition = MimeTypes.IsSafeInline(metadata.MimeType)
            ? "inline"
            : new ContentDispositionHeaderValue("attachment") { FileName = metadata.Id }.ToString();

        await content.CopyToAsync(response.Body, context.HttpContext.RequestAborted);
    }
}
