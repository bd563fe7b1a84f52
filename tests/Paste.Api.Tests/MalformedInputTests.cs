using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// Odd but sendable requests: none may produce a 500, and every refusal is a proper problem response.
/// (Requests the in-memory client cannot express, such as NUL in the path or broken framing, need a raw socket.)
/// </summary>
public sealed class MalformedInputTests(StorageProvider provider) : ApiFixture(provider)
{
    private static async Task AssertHandledAsync(HttpResponseMessage response)
    {
        Assert.That((int)response.StatusCode, Is.LessThan(500), await response.Content.ReadAsStringAsync());
        if ((int)response.StatusCode >= 400)
        {
            await ResponseAssert.ProblemAsync(response, response.StatusCode);
        }

        ResponseAssert.HasSecurityHeaders(response, contentSecurityPolicy: null);
    }

    [TestCase("/%FF")]
    [TestCase("/%C3%28")]
    [TestCase("/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [TestCase("/..%2F..%2F")]
    [TestCase("/%5C%5Cserver%5Cshare")]
    [TestCase("/?q=%zz&&=&")]
    [TestCase("/ZZZZZZZZZZZZZZZZ?id=../../x")]
    [TestCase("/health/..")]
    [TestCase("/ZZZZZZZZZZZZZZZZ//raw")]
    public async Task Odd_paths_are_handled(string path)
    {
        using var get = await Client.GetAsync(new Uri(path, UriKind.Relative));
        using var delete = await Client.DeletePasteAsync(path.TrimStart('/'), Fingerprints.Alice);

        await AssertHandledAsync(get);
        await AssertHandledAsync(delete);
    }

    [Test]
    public async Task A_very_long_path_is_handled()
    {
        using var response = await Client.GetAsync(new Uri("/" + new string('a', 8000), UriKind.Relative));

        await AssertHandledAsync(response);
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.RequestUriTooLong));
    }

    [TestCase(";;;")]
    [TestCase("application/x-www-form-urlencoded; charset=nonsense")]
    [TestCase("application/json; charset=utf-16")]
    [TestCase("application/JSON")]
    [TestCase("text/plain; charset=\"unterminated")]
    [TestCase("multipart/form-data")]
    [TestCase("multipart/form-data; boundary=xyz")]
    [TestCase("*/*")]
    [TestCase("text/*")]
    public async Task Odd_content_types_are_handled(string contentType)
    {
        var body = TestData.Utf8("--xyz\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n{\"content\":\"x\"}\r\n--xyz--\r\n");

        using var response = await Client.PostRawAsync(body, contentType);

        await AssertHandledAsync(response);
    }

    [Test]
    public async Task A_form_body_with_a_query_string_is_stored_as_sent()
    {
        var body = TestData.Utf8("content=from+the+body");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/?content=from+the+query")
        {
            Content = PasteApi.Raw(body, "application/x-www-form-urlencoded"),
        };
        using var response = await Client.SendAsync(request);

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(body));
    }

    [TestCase("X-SSL-Client-SHA1")]
    [TestCase("X-Request-ID")]
    [TestCase("X-Proxy-Secret")]
    public async Task Very_long_header_values_are_handled(string header)
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("long headers"), "text/plain"));
        request.Headers.TryAddWithoutValidation(header, new string('a', 16 * 1024));

        using var response = await Client.SendAsync(request);

        await AssertHandledAsync(response);
    }

    [Test]
    public async Task A_very_long_content_type_is_handled()
    {
        using var response = await Client.PostRawAsync(TestData.Utf8("x"), "text/" + new string('a', 16 * 1024));

        await AssertHandledAsync(response);
    }

    [Test]
    public async Task A_fingerprint_with_non_ascii_characters_is_anonymous()
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("unicode header"), "text/plain"));
        request.Headers.TryAddWithoutValidation(Fingerprints.Header, "\u00e91b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2");

        using var response = await Client.SendAsync(request);

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Body.TryGetProperty("owner", out _), Is.False);
    }

    [Test]
    public async Task Deeply_nested_json_is_a_bad_request()
    {
        var json = new string('[', 5000) + new string(']', 5000);

        using var response = await Client.PostAsync(PasteApi.Json(json));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Deeply_nested_json_inside_the_object_is_a_bad_request_or_ignored()
    {
        var json = "{\"content\":\"x\",\"other\":" + new string('[', 5000) + new string(']', 5000) + "}";

        using var response = await Client.PostAsync(PasteApi.Json(json));

        await AssertHandledAsync(response);
    }
}
