using System.Globalization;
using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>HEAD answers every GET endpoint with the same status and headers and no body.</summary>
public sealed class HeadRequestTests(StorageProvider provider) : ApiFixture(provider)
{
    private async Task AssertHeadMatchesGetAsync(string path, HttpStatusCode expected)
    {
        using var get = await Client.SendAsync(HttpMethod.Get, path, requestId: "head-vs-get");
        using var head = await Client.SendAsync(HttpMethod.Head, path, requestId: "head-vs-get");

        var getHeaders = ResponseAssert.AllHeaders(get);
        var headHeaders = ResponseAssert.AllHeaders(head);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(get.StatusCode, Is.EqualTo(expected), $"GET {path}");
            Assert.That(head.StatusCode, Is.EqualTo(expected), $"HEAD {path}");
            Assert.That(headHeaders, Is.EquivalentTo(getHeaders), $"headers of HEAD {path}");
            Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty, $"body of HEAD {path}");
        }
    }

    [Test]
    public Task Head_on_the_service_information_matches_get() => AssertHeadMatchesGetAsync("/", HttpStatusCode.OK);

    [Test]
    public Task Head_on_health_matches_get() => AssertHeadMatchesGetAsync("/health", HttpStatusCode.OK);

    [Test]
    public async Task Head_on_metadata_matches_get()
    {
        var paste = await Client.CreatePasteAsync("head me");

        await AssertHeadMatchesGetAsync($"/{paste.Id}", HttpStatusCode.OK);
    }

    [Test]
    public async Task Head_on_raw_matches_get_with_length_and_type()
    {
        var content = TestData.Png;
        var paste = await Client.CreatePasteAsync(content);

        await AssertHeadMatchesGetAsync($"/{paste.Id}/raw", HttpStatusCode.OK);

        using var head = await Client.SendAsync(HttpMethod.Head, $"/{paste.Id}/raw");
        Assert.That(ResponseAssert.Header(head, "Content-Length"), Is.EqualTo(content.Length.ToString(CultureInfo.InvariantCulture)));
        Assert.That(ResponseAssert.Header(head, "Content-Type"), Is.EqualTo("image/png"));
        Assert.That(ResponseAssert.Header(head, "Content-Disposition"), Is.EqualTo("inline"));
    }

    [Test]
    public Task Head_on_an_unknown_id_is_not_found() => AssertHeadMatchesGetAsync("/ZZZZZZZZZZZZZZZZ", HttpStatusCode.NotFound);

    [Test]
    public Task Head_on_an_unknown_raw_id_is_not_found() => AssertHeadMatchesGetAsync("/ZZZZZZZZZZZZZZZZ/raw", HttpStatusCode.NotFound);

    [Test]
    public Task Head_on_a_malformed_id_is_a_bad_request() => AssertHeadMatchesGetAsync("/abc", HttpStatusCode.BadRequest);

    [Test]
    public Task Head_on_an_unknown_route_is_not_found() => AssertHeadMatchesGetAsync("/a/b/c", HttpStatusCode.NotFound);

    [Test]
    public Task Head_on_the_openapi_document_matches_get() => AssertHeadMatchesGetAsync("/swagger/v1/swagger.json", HttpStatusCode.OK);

    [Test]
    public async Task Head_does_not_change_the_paste()
    {
        var content = TestData.Utf8("unchanged by HEAD");
        var paste = await Client.CreatePasteAsync(content);

        (await Client.SendAsync(HttpMethod.Head, $"/{paste.Id}/raw")).Dispose();

        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(content));
    }
}
