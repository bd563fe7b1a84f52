using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using Paste.Api.Authentication;
using Paste.Application.Common;

namespace Paste.Api.Filters;

/// <summary>
/// Enforces the caller's paste size limit before and while the body is read: a declared Content-Length over the
/// limit is refused before a byte is read, and a body of unknown length is cut off one byte past the limit.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PasteSizeLimitAttribute : Attribute, IFilterFactory
{
    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new PasteSizeLimitFilter(serviceProvider.GetRequiredService<IOptions<PasteOptions>>());
}

internal sealed class PasteSizeLimitFilter(IOptions<PasteOptions> options) : IAsyncResourceFilter
{
    public Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var httpContext = context.HttpContext;
        var authenticated = httpContext.User.GetOwner() is not null;
        var maxBytes = options.Value.SizeLimits.For(authenticated);

        if (httpContext.Request.ContentLength is { } declared && declared > maxBytes)
        {
            throw new PayloadTooLargeException(declared, maxBytes, authenticated);
        }

        // This filter is the limit for paste bodies; the server-wide default (about 28.6 MiB) would otherwise
        // refuse authenticated pastes well below their 50 MiB allowance.
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = null;
        }

        httpContext.Request.Body = new SizeLimitedReadStream(httpContext.Request.Body, maxBytes, authenticated);
        return next();
    }
}
