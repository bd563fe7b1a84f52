using Paste.Api.Pages;

namespace Paste.Api.Middleware;

/// <summary>Adds the security headers to every response, errors included; a response that set its own policy keeps it.</summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string DefaultContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Pages for people: no script at all, the one stylesheet, images from the service and inline QR codes, forms to itself.</summary>
    public const string PageContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Swagger UI needs its own scripts, styles and images; the relaxation stays under /swagger.</summary>
    public const string SwaggerContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.XXSSProtection = "1; mode=block";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "geolocation=(), microphone=(), camera=()";
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            // Files from wwwroot carry the build manifest's caching (a year for fingerprinted names); nothing else is cached.
            if (!StaticAssetUrls.Serves(context.GetEndpoint()))
            {
                headers.CacheControl = "no-store, no-cache, must-revalidate, private";
                headers.Pragma = "no-cache";
            }

            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger")
                    ? SwaggerContentSecurityPolicy
                    : DefaultContentSecurityPolicy;
            }

            return Task.CompletedTask;
        });

        return next(context);
    }
}
