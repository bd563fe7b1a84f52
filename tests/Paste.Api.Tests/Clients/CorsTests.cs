using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>With Paste:Cors:AllowedOrigins set, only those origins get a CORS grant.</summary>
public sealed class CorsTests(StorageProvider provider) : ApiFixture(provider)
{
    private const string Allowed = "https://app.example.com";
    private const string Foreign = "https://evil.example.net";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:Cors:AllowedOrigins:0"] = Allowed,
    };

    public static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin, string method = "POST", string? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/");
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", headers);
        }

        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> GetFromAsync(HttpClient client, string origin, string path = "/health")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Origin", origin);
        return await client.SendAsync(request);
    }

    private static string[] List(HttpResponseMessage response, string header) =>
        ResponseAssert.Header(response, header)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    [Test]
    public async Task A_preflight_from_the_allowed_origin_is_granted_with_the_allowed_methods()
    {
        using var response = await PreflightAsync(Client, Allowed);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(ResponseAssert.Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(Allowed));
        Assert.That(List(response, "Access-Control-Allow-Methods"), Is.EquivalentTo(["GET", "HEAD", "POST", "DELETE"]));
    }

    [Test]
    public async Task A_preflight_for_the_signature_headers_is_granted()
    {
        using var response = await PreflightAsync(Client, Allowed, "DELETE", "authorization,digest,x-request-id");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(ResponseAssert.Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(Allowed));
        Assert.That(List(response, "Access-Control-Allow-Headers"), Is.SupersetOf(["authorization", "digest", "x-request-id"]));
    }

    [Test]
    public async Task A_preflight_for_another_method_gets_no_grant_for_it()
    {
        using var response = await PreflightAsync(Client, Allowed, "PUT");

        Assert.That(List(response, "Access-Control-Allow-Methods"), Does.Not.Contain("PUT"));
    }

    [Test]
    public async Task A_preflight_from_a_foreign_origin_gets_no_grant()
    {
        using var response = await PreflightAsync(Client, Foreign);

        Assert.That(ResponseAssert.Header(response, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(ResponseAssert.Header(response, "Access-Control-Allow-Methods"), Is.Null);
    }

    [Test]
    public async Task The_allowed_origin_must_match_exactly()
    {
        foreach (var origin in new[] { "http://app.example.com", "https://app.example.com:8443", "https://sub.app.example.com", "https://app.example.com.evil.net" })
        {
            using var response = await PreflightAsync(Client, origin);
            Assert.That(ResponseAssert.Header(response, "Access-Control-Allow-Origin"), Is.Null, origin);
        }
    }

    [Test]
    public async Task A_request_from_the_allowed_origin_may_read_the_request_id()
    {
        using var response = await GetFromAsync(Client, Allowed);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ResponseAssert.Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(Allowed));
        Assert.That(List(response, "Access-Control-Expose-Headers"), Does.Contain("X-Request-ID").IgnoreCase);
    }

    [Test]
    public async Task A_request_from_a_foreign_origin_gets_no_grant()
    {
        using var response = await GetFromAsync(Client, Foreign);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ResponseAssert.Header(response, "Access-Control-Allow-Origin"), Is.Null);
        Assert.That(ResponseAssert.Header(response, "Access-Control-Expose-Headers"), Is.Null);
    }
}

/// <summary>Without configured origins, the service sends no CORS headers at all.</summary>
public sealed class NoCorsTests(StorageProvider provider) : ApiFixture(provider)
{
    private static void NoCorsHeaders(HttpResponseMessage response) =>
        Assert.That(ResponseAssert.AllHeaders(response).Keys, Has.None.StartsWith("Access-Control-").IgnoreCase);

    [Test]
    public async Task A_preflight_gets_no_cors_headers()
    {
        using var response = await CorsTests.PreflightAsync(Client, "https://app.example.com");

        NoCorsHeaders(response);
    }

    [Test]
    public async Task A_request_with_an_origin_gets_no_cors_headers()
    {
        var paste = await Client.CreatePasteAsync("no cors");
        foreach (var path in new[] { "/health", $"/{paste.Id}", $"/{paste.Id}/raw" })
        {
            using var response = await CorsTests.GetFromAsync(Client, "https://app.example.com", path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            NoCorsHeaders(response);
        }
    }
}
