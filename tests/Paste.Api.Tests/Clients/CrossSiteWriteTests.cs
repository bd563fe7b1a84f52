using System.Net;
using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// A page on another site cannot make its visitor's browser change anything here under the visitor's certificate: a
/// request that a browser marks as coming from another site (<c>Sec-Fetch-Site</c>) with any method but GET, HEAD,
/// OPTIONS and TRACE is refused, unless it comes from an origin that CORS allows. The requests below carry what a
/// browser sends, such as <c>fetch(url, {method: 'POST', mode: 'no-cors', credentials: 'include', body: 'text'})</c>.
/// </summary>
public sealed class CrossSiteWriteTests(StorageProvider provider) : ApiFixture(provider)
{
    private const string Allowed = "https://app.example.com";
    private const string Refusal = "Requests from other sites may not change anything";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:Cors:AllowedOrigins:0"] = Allowed,
    };

    /// <summary>What a browser adds to a request from a page: where it comes from, and how.</summary>
    private static HttpRequestMessage FromBrowser(HttpMethod method, string path, string site, string? origin, string mode = "no-cors", HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Sec-Fetch-Site", site);
        request.Headers.Add("Sec-Fetch-Mode", mode);
        request.Headers.Add("Sec-Fetch-Dest", "empty");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    private async Task AssertRefusedAndNothingStoredAsync(HttpRequestMessage request)
    {
        var pastesBefore = await Factory.Database.CountAllAsync("Pastes");

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden, Refusal);
        Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(pastesBefore), "nothing stored");
    }

    [TestCase("cross-site")]
    [TestCase("same-site")]
    public async Task A_no_cors_fetch_from_another_site_cannot_create_a_paste(string site)
    {
        using var request = FromBrowser(HttpMethod.Post, "/", site, "https://evil.example.net", content: Text("planted"));

        await AssertRefusedAndNothingStoredAsync(request);
    }

    [Test]
    public async Task A_no_cors_fetch_from_another_site_cannot_submit_a_paste()
    {
        using var request = FromBrowser(HttpMethod.Post, "/submit", "cross-site", "https://evil.example.net", content: Text("""{"c":"planted"}"""));
        var pastesBefore = await Factory.Database.CountAllAsync("Pastes");

        using var response = await Client.SendAsync(request);

        // In the envelope that every error of /submit has.
        await WebhookApi.SubmitErrorAsync(response, HttpStatusCode.Forbidden, Refusal);
        Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(pastesBefore), "nothing stored");
    }

    [Test]
    public async Task A_cors_call_from_an_origin_that_is_not_allowed_cannot_create_a_paste()
    {
        using var request = FromBrowser(HttpMethod.Post, "/", "cross-site", "https://evil.example.net", mode: "cors", content: Text("planted"));

        await AssertRefusedAndNothingStoredAsync(request);
    }

    [Test]
    public async Task A_fetch_from_another_site_without_an_origin_is_refused()
    {
        using var request = FromBrowser(HttpMethod.Post, "/", "cross-site", origin: null, content: Text("planted"));

        await AssertRefusedAndNothingStoredAsync(request);
    }

    [Test]
    public async Task A_request_from_another_site_cannot_delete_the_visitors_paste()
    {
        var paste = await Client.CreatePasteAsync("the visitor's", Fingerprints.Alice);
        using var request = FromBrowser(HttpMethod.Delete, $"/{paste.Id}", "cross-site", "https://evil.example.net", mode: "cors");
        request.Headers.Add(Fingerprints.Header, Fingerprints.Alice);

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden, Refusal);
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK), "the paste is still there");
    }

    [TestCase("PUT")]
    [TestCase("PATCH")]
    public async Task Every_other_method_that_could_change_something_is_refused_as_well(string method)
    {
        using var request = FromBrowser(new HttpMethod(method), "/", "cross-site", "https://evil.example.net", mode: "cors", content: Text("planted"));

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden, Refusal);
    }

    [Test]
    public async Task A_call_from_the_allowed_origin_creates_and_deletes()
    {
        using var create = FromBrowser(HttpMethod.Post, "/", "cross-site", Allowed, mode: "cors", content: Text("from the invited app"));
        create.Headers.Add(Fingerprints.Header, Fingerprints.Alice);
        using var created = await Client.SendAsync(create);
        var paste = await PasteApi.ReadCreatedAsync(created);

        using var delete = FromBrowser(HttpMethod.Delete, $"/{paste.Id}", "same-site", Allowed, mode: "cors");
        delete.Headers.Add(Fingerprints.Header, Fingerprints.Alice);
        using var deleted = await Client.SendAsync(delete);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResponseAssert.Header(created, "Access-Control-Allow-Origin"), Is.EqualTo(Allowed));
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await deleted.Content.ReadAsStringAsync());
        }
    }

    [TestCase("same-origin")]
    [TestCase("none")]
    public async Task The_services_own_pages_and_a_typed_request_may_create(string site)
    {
        using var request = FromBrowser(HttpMethod.Post, "/", site, origin: site == "same-origin" ? Client.BaseAddress!.GetLeftPart(UriPartial.Authority) : null, content: Text("mine"));

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Curl_and_scripts_send_no_sec_fetch_headers_and_are_not_affected()
    {
        var paste = await Client.CreatePasteAsync("from a script", Fingerprints.Alice);

        using var submitted = await Client.PostAsync(new Uri("/submit", UriKind.Relative), Text("""{"c":"from a script"}"""));
        using var deleted = await Client.DeletePasteAsync(paste.Id, Fingerprints.Alice);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(submitted.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Another_site_may_still_read_and_link_to_a_paste()
    {
        var paste = await Client.CreatePasteAsync("linked from elsewhere");
        using var request = FromBrowser(HttpMethod.Get, $"/{paste.Id}/raw", "cross-site", origin: null, mode: "navigate");

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
