using Microsoft.OpenApi;
using Paste.Api.Authentication;
using Paste.Api.Binding;
using Paste.Api.Contracts;
using Swashbuckle.AspNetCore.SwaggerGen;

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
            options.CustomOperationIds(api => api.ActionDescriptor.AttributeRouteInfo?.Name);
            options.SupportNonNullableReferenceTypes();
            options.NonNullableReferenceTypesAsRequired();
            options.AddSecurityDefinition(ClientCertificateAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ClientCertificateAuthenticationHandler.FingerprintHeader,
                Description = "SHA-1 fingerprint (40 lowercase hex characters) of the caller's TLS client certificate, set by the reverse proxy.",
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

/// <summary>Describes what attributes cannot: the two request body forms of CreatePaste and who may call what.</summary>
internal sealed class PasteOperationsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var document = context.Document;
        var clientCertificate = new OpenApiSecuritySchemeReference(ClientCertificateAuthenticationHandler.SchemeName, document);
        var signature = new OpenApiSecuritySchemeReference(SignatureAuthenticationHandler.SchemeName, document);

        // Any operation can refuse a bad signature, refuse a flood (except /health) or fail unexpectedly,
        // always with the operation's own error shape.
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", ErrorResponse(operation, context, "Unauthorized: the request's signature was refused"));
        if (operation.OperationId != "GetHealth")
        {
            operation.Responses.TryAdd("429", ErrorResponse(operation, context, "Too Many Requests: see the Retry-After header"));
        }

        operation.Responses.TryAdd("500", ErrorResponse(operation, context, "Internal Server Error"));

        switch (operation.OperationId)
        {
            case "CreatePaste":
                // The binder reads the body itself; its model is not part of the contract.
                context.SchemaRepository.Schemas.Remove(nameof(PasteUpload));
                operation.Parameters?.Clear();
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The paste: raw bytes of any type (the type is detected), or JSON {\"content\": \"...\"}.",
                    Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        ["application/octet-stream"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                        ["text/plain"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        ["application/json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(CreatePasteJsonRequest), context.SchemaRepository) },
                    },
                };

                // Anonymous callers may create pastes too; a certificate raises the size limit and makes the caller the owner.
                operation.Security = [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [clientCertificate] = [] }, new OpenApiSecurityRequirement { [signature] = [] }];
                break;
            case "SubmitPaste":
                context.SchemaRepository.Schemas.Remove(nameof(SubmitUpload));
                operation.Parameters?.Clear();
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "JSON {\"c\": \"...\"}: the paste's text.",
                    Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        ["application/json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(SubmitPasteRequest), context.SchemaRepository) },
                    },
                };
                operation.Security = [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [clientCertificate] = [] }, new OpenApiSecurityRequirement { [signature] = [] }];
                break;
            case "DeletePaste":
                operation.Security = [new OpenApiSecurityRequirement { [clientCertificate] = [] }, new OpenApiSecurityRequirement { [signature] = [] }];
                break;
            case "GetPasteRaw":
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
                {
                    content.Clear();
                    content["application/octet-stream"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
                }

                break;
        }
    }

    private static OpenApiResponse ErrorResponse(OpenApiOperation operation, OperationFilterContext context, string description) =>
        operation.OperationId == "SubmitPaste"
            ? new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(SubmitErrorResponse), context.SchemaRepository) },
                },
            }
            : new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/problem+json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(ErrorResponse), context.SchemaRepository) },
                },
            };
}
