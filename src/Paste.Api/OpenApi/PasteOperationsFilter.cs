using System.Globalization;
using Microsoft.OpenApi;
using Paste.Api.Authentication;
using Paste.Api.Binding;
using Paste.Api.Contracts;
using Paste.Application.Pastes;
using Paste.Domain.Pastes;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Paste.Api.OpenApi;

/// <summary>
/// Describes what attributes cannot: the request body forms of CreatePaste, the real media types of error and raw
/// responses, the id's format, and who may call what.
/// </summary>
internal sealed class PasteOperationsFilter : IOperationFilter
{
    public const string ProblemJson = "application/problem+json";

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

        // Problem details are always written as application/problem+json, whatever the action's [Produces] says.
        foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
        {
            if (response.Content?.Values.FirstOrDefault(m => IsReferenceTo(m.Schema, nameof(ErrorResponse))) is { } problem)
            {
                response.Content.Clear();
                response.Content[ProblemJson] = problem;
            }
        }

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter is { Name: "id", In: ParameterLocation.Path })
            {
                parameter.Description = "The paste's id: " + PasteId.Length + " letters and digits. Anything else is answered with 400.";

                // The same format as a machine-readable schema, so that a generated client can check an id before sending it.
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    MinLength = PasteId.Length,
                    MaxLength = PasteId.Length,
                    Pattern = "^[A-Za-z0-9]{" + PasteId.Length + "}$",
                };
            }
        }

        switch (operation.OperationId)
        {
            case "CreatePaste":
                // The binder reads the body itself; its model is not part of the contract.
                context.SchemaRepository.Schemas.Remove(nameof(PasteUpload));
                context.SchemaRepository.Schemas.Remove(nameof(CreateOptions));
                operation.Parameters?.Clear();
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The paste: raw bytes of any type (the type is detected), JSON {\"content\": \"...\"}, or multipart/form-data with exactly one non-empty part: a file, or a field named content.",
                    Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        ["application/octet-stream"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                        ["text/plain"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        ["application/json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(CreatePasteJsonRequest), context.SchemaRepository) },
                        ["multipart/form-data"] = new OpenApiMediaType
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Description = "One of the two; an empty one (what a browser sends for the control it did not use) is skipped.",
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "A file; its part's Content-Type is the declared type." },
                                    [MultipartUpload.ContentField] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Text; its type is detected." },
                                    [CreateOptions.ExpiresInMember] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Description = "Seconds the paste may live at most, whatever its reads." },
                                    [CreateOptions.MaxViewsMember] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "Content reads after which the paste is gone." },
                                    [CreateOptions.BurnMember] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "on, true or 1: the first content read deletes the paste." },
                                },
                            },
                        },
                    },
                };

                operation.Parameters = CreateOptionParameters();

                // Anonymous callers may create pastes too; a certificate raises the size limit and makes the caller the owner.
                operation.Security = [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [clientCertificate] = [] }, new OpenApiSecurityRequirement { [signature] = [] }];
                break;
            case "SubmitPaste":
                context.SchemaRepository.Schemas.Remove(nameof(SubmitUpload));
                context.SchemaRepository.Schemas.Remove(nameof(CreateOptions));
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
                operation.Parameters = CreateOptionParameters();
                operation.Security = [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [clientCertificate] = [] }, new OpenApiSecurityRequirement { [signature] = [] }];
                break;
            case "CallServerFunction":
                // A call is refused unless it is declared as JSON; the other JSON types MVC could read are not offered.
                if (operation.RequestBody?.Content is { } content)
                {
                    foreach (var mediaType in content.Keys.Where(type => type != "application/json").ToList())
                    {
                        content.Remove(mediaType);
                    }
                }

                break;
            case "DeletePaste":
                operation.Security = [new OpenApiSecurityRequirement { [clientCertificate] = [] }, new OpenApiSecurityRequirement { [signature] = [] }];
                break;
            case "ListPastes":
                // The bounds the query's validator holds a limit to, so that a generated client can check one before sending it.
                if (operation.Parameters?.OfType<OpenApiParameter>().SingleOrDefault(p => p.Name == "limit") is { Schema: OpenApiSchema limit })
                {
                    limit.Minimum = "1";
                    limit.Maximum = ListPastesQuery.MaxLimit.ToString(CultureInfo.InvariantCulture);
                }

                operation.Security = [new OpenApiSecurityRequirement { [clientCertificate] = [] }, new OpenApiSecurityRequirement { [signature] = [] }];
                break;
            case "GetPasteRaw":
                // The bytes come back with the type stored for the paste, which can be any.
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse raw)
                {
                    raw.Description = "The paste's bytes exactly as stored, with its stored type as Content-Type.";
                    raw.Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        ["*/*"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    };
                }

                break;
        }

        if (operation.OperationId is "CreatePaste" or "SubmitPaste"
            && operation.Responses?.TryGetValue("201", out var created) == true && created is OpenApiResponse createdResponse)
        {
            createdResponse.Headers = LocationHeader("The new paste's absolute address.");
            createdResponse.Headers[CreateOptions.ReplayedHeader] = new OpenApiHeader
            {
                Description = "true when this answer repeats the one given to an earlier request with the same Idempotency-Key; nothing new was stored.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
            operation.Responses.TryAdd("403", ErrorResponse(operation, context, "Forbidden: the owner's quota (Paste:Quotas) is used up; the body names the quota, what is used and what is allowed"));
            operation.Responses.TryAdd("422", ErrorResponse(operation, context, "Unprocessable: the Idempotency-Key was already used for a different request"));
        }

        if (operation.OperationId == "CreatePaste" && operation.Responses?.TryGetValue("303", out var seeOther) == true && seeOther is OpenApiResponse redirect)
        {
            redirect.Description = "See Other: a browser's form post (Accept preferring text/html) is sent on to the new paste's page; no body.";
            redirect.Content?.Clear();
            redirect.Headers = LocationHeader("The new paste's page.");
        }

        // A browser (Accept preferring text/html) gets a page where a program gets JSON.
        if (operation.OperationId is "GetPasteMetadata" or "GetServiceInfo"
            && operation.Responses?.TryGetValue("200", out var ok200) == true && ok200 is OpenApiResponse { Content: not null } page)
        {
            page.Content["text/html"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }

    /// <summary>What a create may ask beyond its content, in the headers (any body) or the query.</summary>
    private static List<IOpenApiParameter> CreateOptionParameters() =>
    [
        Parameter(CreateOptions.ExpiresInHeader, ParameterLocation.Header, JsonSchemaType.Integer, "int64", "Seconds the paste may live at most, whatever its reads; at most Paste:MaxLifetime (default 30 days)."),
        Parameter(CreateOptions.ExpiresInMember, ParameterLocation.Query, JsonSchemaType.Integer, "int64", "The same as X-Paste-Expires-In."),
        Parameter(CreateOptions.MaxViewsHeader, ParameterLocation.Header, JsonSchemaType.Integer, "int32", "Content reads after which the paste is deleted."),
        Parameter(CreateOptions.BurnHeader, ParameterLocation.Header, JsonSchemaType.String, null, "1 (or true): the first content read deletes the paste; the same as X-Paste-Max-Views: 1."),
        Parameter(CreateOptions.IdempotencyKeyHeader, ParameterLocation.Header, JsonSchemaType.String, null, "Up to 255 visible ASCII characters: a retry with the same key and the same request within 24 hours gets the first answer, and no second paste."),
    ];

    private static OpenApiParameter Parameter(string name, ParameterLocation location, JsonSchemaType type, string? format, string description) => new()
    {
        Name = name,
        In = location,
        Description = description,
        Schema = new OpenApiSchema { Type = type, Format = format },
    };

    private static Dictionary<string, IOpenApiHeader> LocationHeader(string description) => new()
    {
        ["Location"] = new OpenApiHeader
        {
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
        },
    };

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
                    [ProblemJson] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(ErrorResponse), context.SchemaRepository) },
                },
            };

    private static bool IsReferenceTo(IOpenApiSchema? schema, string schemaId) =>
        schema is OpenApiSchemaReference reference && reference.Reference.Id == schemaId;
}
