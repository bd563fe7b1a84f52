using Microsoft.OpenApi;
using Paste.Api.Authentication;

namespace Paste.Api.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddPasteOpenApi(this IServiceCollection services)
    {
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Paste",
                Version = "1.0.0",
                Description = "Store text and binary pastes and get them back by an unguessable id.",
            });
            // Controller actions name their route; endpoints mapped directly carry their name as metadata.
            options.CustomOperationIds(api => api.ActionDescriptor.AttributeRouteInfo?.Name
                ?? api.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);

            // The /// summaries of the controllers and contracts become the operations' and schemas' descriptions.
            options.IncludeXmlComments(typeof(OpenApiSetup).Assembly);
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            options.AddSecurityDefinition(ClientCertificateAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ClientCertificateAuthenticationHandler.FingerprintHeader,
                Description = "SHA-1 fingerprint (40 lowercase hex characters) of the caller's TLS client certificate, set by the reverse proxy. "
                    + "Where the service is configured with Paste:ProxySecret, the fingerprint counts only on requests that also carry that secret in "
                    + ClientCertificateAuthenticationHandler.ProxySecretHeader + "; without it, only on requests from the service's trusted proxies "
                    + "(loopback by default). Anything else makes the request anonymous; it never fails it.",
            });
            options.AddSecurityDefinition(SignatureAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "Signature keyId=\"...\",algorithm=\"hmac-sha256|ed25519\",headers=\"(request-target) host date digest\",signature=\"...\" "
                    + "(draft-cavage-http-signatures-12) from a client registered with 'clients add'; see docs/signing.md.",
            });
            options.OperationFilter<PasteOperationsFilter>();
        });
        return services;
    }
}
