using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class OpenApiTests(StorageProvider provider) : ApiFixture(provider)
{
    private static readonly string[] DocumentedBodyTypes = ["application/octet-stream", "text/plain", "application/json", "multipart/form-data"];

    /// <summary>Every operation, by the id generated clients name their methods after.</summary>
    private static readonly string[] OperationIds =
        ["CreatePaste", "GetServiceInfo", "GetPasteMetadata", "GetPasteRaw", "DeletePaste", "ListPastes", "GetHealth", "GetWebhookKey", "SubmitPaste", "CallServerFunction", "GetLiveness", "GetReadiness", "GetLimits"];

    private static readonly string[] ProblemMembers = ["type", "title", "status", "error", "request_id"];
    private static readonly string[] AnyMediaType = ["*/*"];

    /// <summary>No credentials at all, the client certificate, or a signature, as security requirement alternatives.</summary>
    private static readonly string[] AnonymousCertificateOrSignature = ["", "ClientCertificate", "Signature"];

    private static readonly string[] CertificateOrSignature = ["ClientCertificate", "Signature"];

    private JsonElement document;

    [OneTimeSetUp]
    public async Task LoadDocument()
    {
        using var response = await Client.GetAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative));
        document = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    private static readonly string[] PageMediaTypes = ["application/json", "text/html"];

    private Dictionary<string, (string Path, string Method, JsonElement Operation)> Operations() =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(op => op.Value.ValueKind == JsonValueKind.Object && op.Value.TryGetProperty("operationId", out _))
                .Select(op => (Path: path.Name, Method: op.Name, Operation: op.Value)))
            .ToDictionary(op => op.Operation.GetProperty("operationId").GetString()!, op => op);

    [TestCase("CreatePaste", "/", "post")]
    [TestCase("GetPasteMetadata", "/{id}", "get")]
    [TestCase("GetPasteRaw", "/{id}/raw", "get")]
    [TestCase("DeletePaste", "/{id}", "delete")]
    [TestCase("ListPastes", "/pastes", "get")]
    [TestCase("GetHealth", "/health", "get")]
    [TestCase("GetServiceInfo", "/", "get")]
    [TestCase("GetWebhookKey", "/webhook_key", "get")]
    [TestCase("GetLimits", "/limits", "get")]
    [TestCase("SubmitPaste", "/submit", "post")]
    public void Every_endpoint_has_a_named_operation(string operationId, string path, string method)
    {
        var operations = Operations();

        Assert.That(operations, Does.ContainKey(operationId));
        Assert.That((operations[operationId].Path, operations[operationId].Method), Is.EqualTo((path, method)));
    }

    [TestCase("CreatePaste", "201", "303", "400", "403", "413", "507")]
    [TestCase("GetPasteMetadata", "200", "400", "404")]
    [TestCase("GetPasteRaw", "200", "400", "404")]
    [TestCase("DeletePaste", "200", "400", "401", "403", "404")]
    [TestCase("ListPastes", "200", "400", "401")]
    [TestCase("GetHealth", "200", "503")]
    [TestCase("SubmitPaste", "201", "400", "413", "500", "507")]
    public void Every_status_code_is_documented(string operationId, params string[] statuses)
    {
        var responses = Operations()[operationId].Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name);

        Assert.That(responses, Is.SupersetOf(statuses));
    }

    [TestCase("GetPasteMetadata")]
    [TestCase("GetPasteRaw")]
    [TestCase("DeletePaste")]
    public async Task The_id_parameter_declares_the_format_the_server_accepts(string operationId)
    {
        var schema = Operations()[operationId].Operation.GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "id").GetProperty("schema");
        var pattern = new System.Text.RegularExpressions.Regex(schema.GetProperty("pattern").GetString()!);
        var created = await Client.CreatePasteAsync("an id to match");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(schema.GetProperty("minLength").GetInt32(), Is.EqualTo(created.Id.Length));
            Assert.That(schema.GetProperty("maxLength").GetInt32(), Is.EqualTo(created.Id.Length));
            Assert.That(pattern.IsMatch(created.Id), Is.True, "an id the server made");
            Assert.That(pattern.IsMatch("abc"), Is.False, "an id the server refuses with 400");
            Assert.That(pattern.IsMatch(created.Id[..^1] + "-"), Is.False, "an id the server refuses with 400");
        }
    }

    [Test]
    public void The_list_limit_declares_the_bounds_the_server_accepts()
    {
        var schema = Operations()["ListPastes"].Operation.GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "limit").GetProperty("schema");

        Assert.That(
            (schema.GetProperty("minimum").GetInt32(), schema.GetProperty("maximum").GetInt32(), schema.GetProperty("default").GetInt32()),
            Is.EqualTo((1, 100, 20)));
    }

    [Test]
    public void Operation_ids_are_exactly_the_stable_readable_names()
    {
        Assert.That(Operations().Keys, Is.EquivalentTo(OperationIds));
    }

    [Test]
    public void Every_operation_has_a_summary()
    {
        foreach (var (id, (_, _, operation)) in Operations())
        {
            Assert.That(operation.TryGetProperty("summary", out var summary) ? summary.GetString() : null, Is.Not.Null.And.Not.Empty, id);
        }
    }

    [Test]
    public void Every_response_but_a_redirect_has_a_schema()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (id, (_, _, operation)) in Operations())
            {
                foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] != '3'))
                {
                    var content = response.Value.TryGetProperty("content", out var c) ? c.EnumerateObject().ToList() : [];
                    Assert.That(content, Is.Not.Empty, $"{id} {response.Name} has no content");
                    foreach (var mediaType in content)
                    {
                        Assert.That(mediaType.Value.TryGetProperty("schema", out _), Is.True, $"{id} {response.Name} {mediaType.Name} has no schema");
                    }
                }
            }
        }
    }

    [Test]
    public void A_browser_form_post_is_a_see_other_to_the_paste_page_and_pages_are_html()
    {
        var operations = Operations();
        var seeOther = operations["CreatePaste"].Operation.GetProperty("responses").GetProperty("303");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(seeOther.TryGetProperty("content", out _), Is.False, "303 has no body");
            Assert.That(seeOther.GetProperty("headers").TryGetProperty("Location", out _), Is.True);
            foreach (var id in new[] { "GetPasteMetadata", "GetServiceInfo" })
            {
                var content = operations[id].Operation.GetProperty("responses").GetProperty("200").GetProperty("content");
                Assert.That(content.EnumerateObject().Select(m => m.Name), Is.EquivalentTo(PageMediaTypes), id);
            }
        }
    }

    [Test]
    public void Errors_are_problem_details_except_the_submit_envelope()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (id, (_, _, operation)) in Operations())
            {
                foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5' && r.Name != "503"))
                {
                    var (mediaType, schema) = id == "SubmitPaste"
                        ? ("application/json", "#/components/schemas/SubmitErrorResponse")
                        : ("application/problem+json", "#/components/schemas/ErrorResponse");
                    var content = response.Value.GetProperty("content");
                    Assert.That(content.EnumerateObject().Select(m => m.Name), Is.EqualTo(new[] { mediaType }), $"{id} {response.Name}");
                    Assert.That(SchemaReference(content.GetProperty(mediaType)), Is.EqualTo(schema), $"{id} {response.Name}");
                }
            }
        }
    }

    [Test]
    public void The_problem_details_schema_requires_the_error_string()
    {
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("ErrorResponse");

        Assert.That(schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()),
            Is.SupersetOf(ProblemMembers));
    }

    [Test]
    public void Health_documents_its_unhealthy_answer_with_the_health_body()
    {
        var unhealthy = Operations()["GetHealth"].Operation.GetProperty("responses").GetProperty("503").GetProperty("content");

        Assert.That(SchemaReference(unhealthy.GetProperty("application/json")), Is.EqualTo("#/components/schemas/HealthResponse"));
    }

    [Test]
    public void Binary_bodies_are_binary_strings()
    {
        var upload = Operations()["CreatePaste"].Operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/octet-stream");
        var download = Operations()["GetPasteRaw"].Operation.GetProperty("responses").GetProperty("200").GetProperty("content");

        Assert.That(download.EnumerateObject().Select(m => m.Name), Is.EqualTo(AnyMediaType), "raw content comes back with its stored type");
        foreach (var schema in new[] { upload.GetProperty("schema"), download.GetProperty("*/*").GetProperty("schema") })
        {
            Assert.That((schema.GetProperty("type").GetString(), schema.GetProperty("format").GetString()), Is.EqualTo(("string", "binary")));
        }
    }

    [Test]
    public void The_client_certificate_security_scheme_is_described()
    {
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ClientCertificate");

        Assert.That(scheme.GetProperty("type").GetString(), Is.EqualTo("apiKey"));
        Assert.That(scheme.GetProperty("in").GetString(), Is.EqualTo("header"));
        Assert.That(scheme.GetProperty("name").GetString(), Is.EqualTo(Fingerprints.Header));
        Assert.That(scheme.GetProperty("description").GetString(), Does.Contain("fingerprint").And.Contain(Fingerprints.ProxySecretHeader));
    }

    [TestCase("CreatePaste")]
    [TestCase("SubmitPaste")]
    public void Creating_is_open_to_anonymous_certificate_and_signed_callers(string operationId)
    {
        var requirements = Operations()[operationId].Operation.GetProperty("security").EnumerateArray()
            .Select(r => string.Join(",", r.EnumerateObject().Select(s => s.Name)));

        Assert.That(requirements, Is.EquivalentTo(AnonymousCertificateOrSignature));
    }

    [Test]
    public void The_signature_security_scheme_is_described()
    {
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Signature");

        Assert.That(scheme.GetProperty("type").GetString(), Is.EqualTo("apiKey"));
        Assert.That(scheme.GetProperty("in").GetString(), Is.EqualTo("header"));
        Assert.That(scheme.GetProperty("name").GetString(), Is.EqualTo("Authorization"));
        Assert.That(scheme.GetProperty("description").GetString(), Does.Contain("keyId").And.Contain("docs/signing.md"));
    }

    [TestCase("CreatePaste")]
    [TestCase("SubmitPaste")]
    public void Created_answers_document_the_location_header(string operationId)
    {
        var created = Operations()[operationId].Operation.GetProperty("responses").GetProperty("201");

        Assert.That(created.GetProperty("headers").GetProperty("Location").GetProperty("schema").GetProperty("format").GetString(), Is.EqualTo("uri"));
    }

    [Test]
    public void Create_paste_documents_the_raw_text_json_and_multipart_bodies()
    {
        var content = Operations()["CreatePaste"].Operation.GetProperty("requestBody").GetProperty("content");

        Assert.That(content.EnumerateObject().Select(c => c.Name), Is.EquivalentTo(DocumentedBodyTypes));
        Assert.That(SchemaReference(content.GetProperty("application/json")), Is.EqualTo("#/components/schemas/CreatePasteJsonRequest"));
    }

    [Test]
    public void The_request_binders_are_not_part_of_the_contract()
    {
        var schemas = document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name);

        Assert.That(schemas, Has.None.EqualTo("PasteUpload").And.None.EqualTo("SubmitUpload"));
    }

    private static string? SchemaReference(JsonElement mediaType) =>
        mediaType.GetProperty("schema").TryGetProperty("$ref", out var reference) ? reference.GetString() : null;

    [TestCase("DeletePaste")]
    [TestCase("ListPastes")]
    public void Deleting_and_listing_require_a_certificate_or_a_signature(string operationId)
    {
        var requirements = Operations()[operationId].Operation.GetProperty("security").EnumerateArray()
            .Select(r => string.Join(",", r.EnumerateObject().Select(s => s.Name)));

        Assert.That(requirements, Is.EquivalentTo(CertificateOrSignature));
    }

    [Test]
    public async Task The_swagger_ui_is_served()
    {
        using var response = await Client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("swagger").IgnoreCase);
    }

    [Test]
    public async Task Swagger_is_reachable_at_its_short_path()
    {
        using var response = await Client.GetAsync(new Uri("/swagger", UriKind.Relative));

        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        }
        else
        {
            Assert.That((int)response.StatusCode, Is.InRange(301, 308));
            Assert.That(response.Headers.Location?.ToString(), Does.EndWith("swagger/index.html"));
        }
    }
}
