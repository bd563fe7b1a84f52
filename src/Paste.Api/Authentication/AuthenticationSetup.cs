using Microsoft.AspNetCore.Authentication;

namespace Paste.Api.Authentication;

public static class AuthenticationSetup
{
    /// <summary>Chooses per request: a signed request is judged by its signature, anything else by the certificate header.</summary>
    public const string SchemeName = "Paste";

    public static IServiceCollection AddPasteAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "Signature or client certificate", options => options.ForwardDefaultSelector = context =>
                SignatureAuthenticationHandler.IsPresent(context.Request)
                    ? SignatureAuthenticationHandler.SchemeName
                    : ClientCertificateAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ClientCertificateAuthenticationHandler>(ClientCertificateAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, SignatureAuthenticationHandler>(SignatureAuthenticationHandler.SchemeName, null);
        return services;
    }

    /// <summary>
    /// A request that presents a signature which fails is refused outright (401), on every endpoint: it must not
    /// quietly continue as anonymous, or a client would never learn that its signing is broken.
    /// </summary>
    public static IApplicationBuilder UseRejectionOfFailedSignatures(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // The framework keeps only successful results on the request; the handler caches its result, so asking
            // again costs nothing and tells a failure apart from an unsigned request.
            if (SignatureAuthenticationHandler.IsPresent(context.Request) && (await context.AuthenticateAsync()).Failure is not null)
            {
                throw new InvalidSignatureException();
            }

            await next(context);
        });
}
