using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class RequestIdTests(StorageProvider provider) : ApiFixture(provider)
{
    private async Task<string?> EchoedAsync(string path, params string[] requestIds)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (requestIds.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(ResponseAssert.RequestIdHeader, requestIds);
        }

        using var response = await Client.SendAsync(request);
        return ResponseAssert.Header(response, ResponseAssert.RequestIdHeader);
    }

    private static void AssertGenerated(string? echoed, string sent)
    {
        Assert.That(echoed, Is.Not.EqualTo(sent));
        Assert.That(Guid.TryParse(echoed, out _), Is.True, $"expected a generated UUID, got '{echoed}'");
    }

    [TestCase("my-trace-123")]
    [TestCase("a")]
    [TestCase("with spaces and ~!@#$%^&*()_+{}|:<>?")]
    public async Task A_valid_request_id_is_passed_through(string requestId)
    {
        Assert.That(await EchoedAsync("/health", requestId), Is.EqualTo(requestId));
    }

    [Test]
    public async Task A_request_id_of_128_characters_is_passed_through()
    {
        var requestId = new string('r', 128);

        Assert.That(await EchoedAsync("/health", requestId), Is.EqualTo(requestId));
    }

    [Test]
    public async Task A_request_id_of_129_characters_is_replaced()
    {
        var requestId = new string('r', 129);

        AssertGenerated(await EchoedAsync("/health", requestId), requestId);
    }

    [TestCase("trac\u00e9-1")]
    [TestCase("trace\u2028id")]
    [TestCase("tab\tinside")]
    [TestCase("nul\0inside")]
    public async Task A_request_id_with_unprintable_or_non_ascii_characters_is_replaced(string requestId)
    {
        AssertGenerated(await EchoedAsync("/health", requestId), requestId);
    }

    [Test]
    public async Task Two_request_ids_are_replaced()
    {
        var echoed = await EchoedAsync("/health", "first", "second");

        Assert.That(Guid.TryParse(echoed, out _), Is.True, $"expected a generated UUID, got '{echoed}'");
    }

    [Test]
    public async Task A_missing_request_id_is_generated_fresh_for_every_request()
    {
        var first = await EchoedAsync("/health");
        var second = await EchoedAsync("/health");

        Assert.That(Guid.TryParse(first, out _), Is.True);
        Assert.That(Guid.TryParse(second, out _), Is.True);
        Assert.That(first, Is.Not.EqualTo(second));
    }

    [TestCase("/ZZZZZZZZZZZZZZZZ", HttpStatusCode.NotFound)]
    [TestCase("/abc", HttpStatusCode.BadRequest)]
    [TestCase("/a/b/c", HttpStatusCode.NotFound)]
    public async Task The_request_id_is_echoed_on_errors(string path, HttpStatusCode status)
    {
        using var response = await Client.SendAsync(HttpMethod.Get, path, requestId: "my-trace-123");

        var problem = await ResponseAssert.ProblemAsync(response, status);
        Assert.That(ResponseAssert.Header(response, ResponseAssert.RequestIdHeader), Is.EqualTo("my-trace-123"));
        Assert.That(problem.GetProperty("request_id").GetString(), Is.EqualTo("my-trace-123"));
    }

    [Test]
    public async Task A_generated_request_id_is_the_one_in_the_error_body()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, "/abc", requestId: new string('x', 200));

        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(Guid.TryParse(problem.GetProperty("request_id").GetString(), out _), Is.True);
    }

    [Test]
    public async Task The_request_id_is_echoed_on_created_pastes()
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("traced"), "text/plain"));
        request.Headers.TryAddWithoutValidation(ResponseAssert.RequestIdHeader, "create-trace");

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(ResponseAssert.Header(response, ResponseAssert.RequestIdHeader), Is.EqualTo("create-trace"));
    }
}
