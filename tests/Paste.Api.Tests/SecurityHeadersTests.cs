using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>The reference's security headers, exact values, on every kind of response.</summary>
public sealed class SecurityHeadersTests(StorageProvider provider) : ApiFixture(provider)
{
    private const string SwaggerCspMarker = "script-src 'self'";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxAnonymousBytes"] = "16",
    };

    private async Task<HttpResponseMessage> SendAsync(string method, string path, HttpContent? content = null, string? fingerprint = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        if (fingerprint is not null)
        {
            request.Headers.TryAddWithoutValidation(Fingerprints.Header, fingerprint);
        }

        return await Client.SendAsync(request);
    }

    [TestCase("GET", "/", HttpStatusCode.OK)]
    [TestCase("GET", "/health", HttpStatusCode.OK)]
    [TestCase("GET", "/abc", HttpStatusCode.BadRequest)]
    [TestCase("GET", "/ZZZZZZZZZZZZZZZZ", HttpStatusCode.NotFound)]
    [TestCase("GET", "/a/b/c", HttpStatusCode.NotFound)]
    [TestCase("PUT", "/", HttpStatusCode.MethodNotAllowed)]
    [TestCase("DELETE", "/ZZZZZZZZZZZZZZZZ", HttpStatusCode.Unauthorized)]
    [TestCase("GET", "/swaggerish", HttpStatusCode.BadRequest)]
    public async Task Responses_carry_every_security_header(string method, string path, HttpStatusCode status)
    {
        using var response = await SendAsync(method, path);

        Assert.That(response.StatusCode, Is.EqualTo(status));
        ResponseAssert.HasSecurityHeaders(response);
    }

    [Test]
    public async Task A_created_paste_carries_every_security_header()
    {
        using var response = await SendAsync("POST", "/", PasteApi.Raw(TestData.Utf8("tiny"), "text/plain"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        ResponseAssert.HasSecurityHeaders(response);
    }

    [Test]
    public async Task Metadata_carries_every_security_header()
    {
        var paste = await Client.CreatePasteAsync("tiny");

        using var response = await SendAsync("GET", $"/{paste.Id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        ResponseAssert.HasSecurityHeaders(response);
    }

    [Test]
    public async Task Raw_content_carries_every_security_header_and_a_sandboxed_csp()
    {
        var paste = await Client.CreatePasteAsync("tiny");

        using var response = await SendAsync("GET", $"/{paste.Id}/raw");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        ResponseAssert.HasSecurityHeaders(response, contentSecurityPolicy: null);
        Assert.That(ResponseAssert.Header(response, "Content-Security-Policy"), Is.EqualTo(ResponseAssert.DefaultCsp + "; sandbox"));
    }

    [Test]
    public async Task A_paste_too_large_carries_every_security_header()
    {
        using var response = await SendAsync("POST", "/", PasteApi.Raw(TestData.Filled(17), "text/plain"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        ResponseAssert.HasSecurityHeaders(response);
    }

    [Test]
    public async Task A_body_cut_off_while_streaming_carries_every_security_header()
    {
        using var response = await SendAsync("POST", "/", PasteApi.Chunked(TestData.Filled(64)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        ResponseAssert.HasSecurityHeaders(response);
    }

    [Test]
    public async Task A_forbidden_delete_carries_every_security_header()
    {
        var paste = await Client.CreatePasteAsync("tiny", Fingerprints.Alice);

        using var response = await SendAsync("DELETE", $"/{paste.Id}", fingerprint: Fingerprints.Bob);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        ResponseAssert.HasSecurityHeaders(response);
    }

    [Test]
    public async Task Invalid_json_carries_every_security_header()
    {
        using var response = await SendAsync("POST", "/", PasteApi.Json("{nope"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        ResponseAssert.HasSecurityHeaders(response);
    }

    [TestCase("/swagger/index.html")]
    [TestCase("/swagger/v1/swagger.json")]
    public async Task Swagger_relaxes_only_the_csp(string path)
    {
        using var response = await SendAsync("GET", path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        ResponseAssert.HasSecurityHeaders(response, contentSecurityPolicy: null);
        var csp = ResponseAssert.Header(response, "Content-Security-Policy");
        Assert.That(csp, Does.Contain(SwaggerCspMarker).And.Contain("frame-ancestors 'none'").And.StartWith("default-src 'none'"));
    }

    [TestCase("/")]
    [TestCase("/health")]
    [TestCase("/swaggerish")]
    [TestCase("/a/swagger")]
    public async Task Paths_outside_swagger_keep_the_strict_csp(string path)
    {
        using var response = await SendAsync("GET", path);

        Assert.That(ResponseAssert.Header(response, "Content-Security-Policy"), Is.EqualTo(ResponseAssert.DefaultCsp));
    }

    [Test]
    public async Task Security_headers_are_sent_once()
    {
        using var response = await SendAsync("GET", "/health");

        foreach (var name in ResponseAssert.SecurityHeaders.Keys.Append("Content-Security-Policy"))
        {
            Assert.That(response.Headers.NonValidated.TryGetValues(name, out var values) ? values.Count : 0, Is.EqualTo(1), name);
        }
    }
}
