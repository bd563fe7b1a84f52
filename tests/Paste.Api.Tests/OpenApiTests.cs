using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class OpenApiTests : ApiFixture
{
    private static readonly string[] DocumentedBodyTypes = ["application/octet-stream", "application/json"];

    private JsonElement document;

    [OneTimeSetUp]
    public async Task LoadDocument()
    {
        using var response = await Client.GetAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative));
        document = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }

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
    [TestCase("GetHealth", "/health", "get")]
    public void Every_endpoint_has_a_named_operation(string operationId, string path, string method)
    {
        var operations = Operations();

        Assert.That(operations, Does.ContainKey(operationId));
        Assert.That((operations[operationId].Path, operations[operationId].Method), Is.EqualTo((path, method)));
    }

    [TestCase("CreatePaste", "201", "400", "413")]
    [TestCase("GetPasteMetadata", "200", "400", "404")]
    [TestCase("GetPasteRaw", "200", "400", "404")]
    [TestCase("DeletePaste", "200", "400", "401", "403", "404")]
    [TestCase("GetHealth", "200", "503")]
    public void Every_status_code_is_documented(string operationId, params string[] statuses)
    {
        var responses = Operations()[operationId].Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name);

        Assert.That(responses, Is.SupersetOf(statuses));
    }

    [Test]
    public void The_client_certificate_security_scheme_is_described()
    {
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ClientCertificate");

        Assert.That(scheme.GetProperty("type").GetString(), Is.EqualTo("apiKey"));
        Assert.That(scheme.GetProperty("in").GetString(), Is.EqualTo("header"));
        Assert.That(scheme.GetProperty("name").GetString(), Is.EqualTo(Fingerprints.Header));
    }

    [Test]
    public void Create_paste_documents_the_raw_and_json_bodies()
    {
        var content = Operations()["CreatePaste"].Operation.GetProperty("requestBody").GetProperty("content");

        Assert.That(content.EnumerateObject().Select(c => c.Name), Is.SupersetOf(DocumentedBodyTypes));
        Assert.That(content.GetProperty("application/json").GetProperty("schema").ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public void Delete_paste_requires_the_client_certificate()
    {
        var security = Operations()["DeletePaste"].Operation.GetProperty("security");

        Assert.That(security.EnumerateArray().SelectMany(s => s.EnumerateObject()).Select(s => s.Name), Does.Contain("ClientCertificate"));
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
