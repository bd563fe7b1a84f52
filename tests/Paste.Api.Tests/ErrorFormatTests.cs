using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>Every error is problem details with the reference's <c>error</c> string and the request id.</summary>
public sealed class ErrorFormatTests(StorageProvider provider) : ApiFixture(provider)
{
    [TestCase("/a/b/c")]
    [TestCase("/ZZZZZZZZZZZZZZZZ/raw/extra")]
    [TestCase("/ZZZZZZZZZZZZZZZZ/metadata")]
    public async Task An_unknown_route_is_not_found(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [TestCase("PUT", "/")]
    [TestCase("PATCH", "/")]
    [TestCase("DELETE", "/")]
    [TestCase("POST", "/health")]
    [TestCase("POST", "/ZZZZZZZZZZZZZZZZ")]
    [TestCase("PUT", "/ZZZZZZZZZZZZZZZZ")]
    [TestCase("POST", "/ZZZZZZZZZZZZZZZZ/raw")]
    [TestCase("DELETE", "/ZZZZZZZZZZZZZZZZ/raw")]
    public async Task A_wrong_method_is_not_allowed(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = PasteApi.Raw(TestData.Utf8("x"), "text/plain") };

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [TestCase("GET", "/abc")]
    [TestCase("GET", "/abcdefghijklmnopq")]
    [TestCase("GET", "/abc/raw")]
    [TestCase("DELETE", "/bad")]
    public async Task A_malformed_id_is_a_bad_request(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "Invalid paste ID format");
    }

    [Test]
    public async Task An_unknown_well_formed_id_is_not_found()
    {
        using var response = await Client.GetAsync(new Uri("/ZZZZZZZZZZZZZZZZ", UriKind.Relative));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.NotFound, "Paste not found");
    }

    [Test]
    public async Task The_error_carries_the_callers_request_id()
    {
        using var response = await Client.SendAsync(HttpMethod.Get, "/abc", requestId: "trace-error-42");

        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("request_id").GetString(), Is.EqualTo("trace-error-42"));
    }

    [Test]
    public async Task Problem_details_members_have_the_expected_values()
    {
        using var response = await Client.GetAsync(new Uri("/ZZZZZZZZZZZZZZZZ", UriKind.Relative));

        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Not Found"));
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(404));
            Assert.That(Uri.IsWellFormedUriString(problem.GetProperty("type").GetString(), UriKind.Absolute), Is.True);
            Assert.That(problem.TryGetProperty("traceId", out _), Is.False);
            Assert.That(problem.TryGetProperty("detail", out _), Is.False);
        }
    }

    [TestCase("application/xml")]
    [TestCase("text/plain")]
    [TestCase("image/png")]
    public async Task A_refused_request_is_json_with_its_reason_whatever_other_type_the_accept_header_asks_for(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/abc");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "Invalid paste ID format");
    }

    [TestCase("GET", "/a/b/c", HttpStatusCode.NotFound, "text/plain")]
    [TestCase("GET", "/a/b/c", HttpStatusCode.NotFound, "application/xml")]
    [TestCase("PUT", "/", HttpStatusCode.MethodNotAllowed, "image/png")]
    public async Task Routing_errors_are_json_whatever_other_type_the_accept_header_asks_for(string method, string path, HttpStatusCode status, string accept)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, status);
    }

    [TestCase("application/xml")]
    [TestCase("text/plain")]
    public async Task A_paste_too_large_is_json_whatever_other_type_the_accept_header_asks_for(string accept)
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Filled((3 * 1024 * 1024) + 1), "text/plain"));
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await Client.SendAsync(request);

        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Paste too large");
        Assert.That(problem.GetProperty("max_size").GetInt64(), Is.EqualTo(3 * 1024 * 1024));
    }

    [Test]
    public async Task Invalid_json_is_served_as_problem_details()
    {
        using var response = await Client.PostAsync(PasteApi.Json("{nope"));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_successful_read_is_json_whatever_the_accept_header_asks_for()
    {
        var paste = await Client.CreatePasteAsync("accept");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{paste.Id}");
        request.Headers.TryAddWithoutValidation("Accept", "application/xml");

        using var response = await Client.SendAsync(request);

        await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }
}
