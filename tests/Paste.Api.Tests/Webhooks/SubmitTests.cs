using System.Net;
using System.Text;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Webhooks;

/// <summary>
/// POST /submit: JSON <c>{"c": "..."}</c> in, <c>{"status":"success","url":"..."}</c> out, and errors in the
/// notification API's own envelope. POST / keeps answering the same mistakes with problem details.
/// </summary>
public sealed class SubmitTests(StorageProvider provider) : ApiFixture(provider)
{
    private const int AnonymousLimit = 256;
    private const int AuthenticatedLimit = 1024;

    private static readonly string[] SuccessMembers = ["status", "url", "delete_token"];

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxAnonymousBytes"] = "256",
        ["Paste:MaxAuthenticatedBytes"] = "1024",
    };

    private static string Submission(string text) => JsonSerializer.Serialize(new Dictionary<string, string> { ["c"] = text });

    [Test]
    public async Task A_submission_creates_a_paste_and_answers_with_its_absolute_url()
    {
        const string text = "héllo wörld ✓\nsecond line\n";

        using var response = await Client.SubmitJsonAsync(Submission(text));

        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.Created);
        var url = ResponseAssert.StringMember(body, "url");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(SuccessMembers));
            Assert.That(ResponseAssert.StringMember(body, "status"), Is.EqualTo("success"));
            Assert.That(url, Does.Match("^http://localhost/[A-Za-z0-9_-]+$"), "absolute, on the request's scheme and host");
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo(url), "Location");
        }

        ResponseAssert.HasSecurityHeaders(response);
        var id = new Uri(url!).AbsolutePath.TrimStart('/');
        Assert.That(await Client.GetRawBytesAsync(id), Is.EqualTo(Encoding.UTF8.GetBytes(text)));
        Assert.That((await Client.GetMetadataAsync(id)).GetProperty("mime_type").GetString(), Is.EqualTo("text/plain"));
    }

    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("text/plain")]
    [TestCase(null)]
    public async Task A_submission_is_read_as_json_whatever_its_content_type(string? contentType)
    {
        using var response = await Client.SubmitAsync(PasteApi.Raw(Encoding.UTF8.GetBytes(Submission("curl -d sends a form type")), contentType));

        var paste = await WebhookApi.ReadSubmittedAsync(response);
        Assert.That(await Client.GetRawBytesAsync(paste.Id), Is.EqualTo(Encoding.UTF8.GetBytes("curl -d sends a form type")));
    }

    [Test]
    public async Task Submitted_content_goes_through_the_same_mime_detection_as_post()
    {
        var paste = await Client.SubmitTextAsync("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n");

        Assert.That((await Client.GetMetadataAsync(paste.Id)).GetProperty("mime_type").GetString(), Is.EqualTo("application/pdf"));
    }

    [Test]
    public async Task An_authenticated_submission_is_owned_by_its_author()
    {
        var paste = await Client.SubmitTextAsync("mine", Fingerprints.Alice);

        using var byBob = await Client.DeletePasteAsync(paste.Id, Fingerprints.Bob);
        using var byAlice = await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(byBob.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(byAlice.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [TestCase("{}", "No content provided")]
    [TestCase("""{"c":""}""", "No content provided")]
    [TestCase("""{"c":null}""", "No content provided")]
    [TestCase("""{"content":"the other endpoint's member"}""", "No content provided")]
    [TestCase("""{"c":5}""", "Invalid JSON body")]
    [TestCase("""{"c":["a"]}""", "Invalid JSON body")]
    [TestCase("""{"c":{"text":"a"}}""", "Invalid JSON body")]
    [TestCase("c=hello", "Invalid JSON body")]
    [TestCase("hello", "Invalid JSON body")]
    [TestCase("""{"c":"unterminated""", "Invalid JSON body")]
    [TestCase("[]", "Invalid JSON body")]
    [TestCase("""["c"]""", "Invalid JSON body")]
    [TestCase("\"c\"", "Invalid JSON body")]
    [TestCase("", "No content provided")]
    public async Task A_bad_submission_is_refused_in_the_envelope(string body, string error)
    {
        using var response = await Client.SubmitJsonAsync(body);

        await WebhookApi.SubmitErrorAsync(response, HttpStatusCode.BadRequest, error);
        ResponseAssert.HasSecurityHeaders(response, contentSecurityPolicy: null);
    }

    [Test]
    public async Task A_submission_with_invalid_utf8_in_c_is_a_bad_request()
    {
        byte[] body = [.. "{\"c\":\""u8, .. TestData.InvalidUtf8, .. "\"}"u8];

        using var response = await Client.SubmitAsync(PasteApi.Raw(body, "application/json"));

        await WebhookApi.SubmitErrorAsync(response, HttpStatusCode.BadRequest, "Invalid JSON body");
    }

    [Test]
    public async Task The_error_envelope_carries_the_callers_request_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/submit") { Content = PasteApi.Json("{}") };
        request.Headers.TryAddWithoutValidation(ResponseAssert.RequestIdHeader, "submit-trace-7");

        using var response = await Client.SendAsync(request);

        var envelope = await WebhookApi.SubmitErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.That(envelope.GetProperty("request_id").GetString(), Is.EqualTo("submit-trace-7"));
    }

    // GET and DELETE /submit are not wrong methods: they reach /{id}, where "submit" is a malformed id.
    [TestCase("PUT")]
    [TestCase("PATCH")]
    public async Task A_wrong_method_on_submit_is_refused_in_the_envelope(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/submit");

        using var response = await Client.SendAsync(request);

        await WebhookApi.SubmitErrorAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Test]
    public async Task A_submission_over_the_anonymous_limit_is_too_large()
    {
        var body = Encoding.UTF8.GetBytes(Submission(new string('x', AnonymousLimit + 1)));

        using var response = await Client.SubmitAsync(PasteApi.Raw(body, "application/json"));

        await AssertTooLargeAsync(response, body.Length, AnonymousLimit, authenticated: false);
    }

    [Test]
    public async Task A_chunked_submission_over_the_limit_is_cut_off_one_byte_past_it()
    {
        var body = Encoding.UTF8.GetBytes(Submission(new string('x', 4 * AnonymousLimit)));

        using var response = await Client.SubmitAsync(PasteApi.Chunked(body, "application/json"));

        await AssertTooLargeAsync(response, AnonymousLimit + 1, AnonymousLimit, authenticated: false);
    }

    [Test]
    public async Task An_authenticated_submission_has_the_larger_limit()
    {
        var accepted = await Client.SubmitTextAsync(new string('y', AnonymousLimit * 2), Fingerprints.Alice);
        var tooLarge = Encoding.UTF8.GetBytes(Submission(new string('z', AuthenticatedLimit + 1)));

        using var refused = await Client.SubmitAsync(PasteApi.Raw(tooLarge, "application/json"), Fingerprints.Alice);

        Assert.That(await Client.GetRawBytesAsync(accepted.Id), Has.Length.EqualTo(AnonymousLimit * 2));
        await AssertTooLargeAsync(refused, tooLarge.Length, AuthenticatedLimit, authenticated: true);
    }

    [TestCase("{}", "No content provided")]
    [TestCase("""{"content":""}""", "No content provided")]
    [TestCase("""{"content":5}""", "Invalid JSON body")]
    [TestCase("not json", "Invalid JSON body")]
    [TestCase("[]", "Invalid JSON body")]
    [TestCase("", "No content provided")]
    public async Task The_same_mistakes_on_post_are_answered_with_problem_details(string body, string error)
    {
        using var response = await Client.PostAsync(PasteApi.Json(body));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest, error);
    }

    [Test]
    public async Task A_post_over_the_limit_is_still_a_problem()
    {
        using var response = await Client.PostRawAsync(TestData.Filled(AnonymousLimit + 1), "text/plain");

        var problem = await ResponseAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Paste too large");
        Assert.That(problem.GetProperty("max_size").GetInt64(), Is.EqualTo(AnonymousLimit));
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response, long size, long maxSize, bool authenticated)
    {
        var envelope = await WebhookApi.SubmitErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "Paste too large");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(envelope.GetProperty("size").GetInt64(), Is.EqualTo(size));
            Assert.That(envelope.GetProperty("max_size").GetInt64(), Is.EqualTo(maxSize));
            Assert.That(envelope.GetProperty("authenticated").GetBoolean(), Is.EqualTo(authenticated));
        }
    }
}
