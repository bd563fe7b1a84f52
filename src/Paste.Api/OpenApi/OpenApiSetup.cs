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

        // Any operation can fail unexpectedly; that too is answered with the one error shape.
        operation.Responses ??= [];
        operation.Responses.TryAdd("500", new OpenApiResponse
        {
            Description = "Internal Server Error",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(ErrorResponse), context.SchemaRepository) },
            },
        });

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
                operation.Security = [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [clientCertificate] = [] }];
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
                operation.Security = [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [clientCertificate] = [] }];
                break;
            case "DeletePaste":
                operation.Security = [new OpenApiSecurityRequirement { [clientCertificate] = [] }];
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
}
