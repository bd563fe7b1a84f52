using System.Net;
using Paste.Api.Tests.Pages;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Protection;

/// <summary>
/// Without Paste:PublicBaseUrl the addresses the service hands out are built on the request's Host, so with the
/// default settings a Host other than localhost, 127.0.0.1 or [::1] is refused before any of them is made: a caller
/// cannot put a host of its choosing into Location, the answer of POST /submit, a page's link and QR code or the
/// examples of GET /.
/// </summary>
public sealed class HostFilteringTests(StorageProvider provider) : ApiFixture(provider)
{
    private const string ChosenHost = "evil.example";

    [Test]
    public async Task A_create_naming_another_host_is_refused_with_a_problem_and_stores_nothing()
    {
        var before = await Factory.Database.CountAllAsync("Pastes");
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("sent to a host of my choosing"), "text/plain"));
        request.Headers.Host = ChosenHost;

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.Location, Is.Null);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain(ChosenHost));
            Assert.That(await Factory.Database.CountAllAsync("Pastes"), Is.EqualTo(before), "nothing was stored");
        }
    }

    [Test]
    public async Task A_submit_naming_another_host_is_refused_with_the_submit_error()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/submit") { Content = PasteApi.Json("{\"c\":\"sent to a host of my choosing\"}") };
        request.Headers.Host = ChosenHost;

        using var response = await Client.SendAsync(request);

        await WebhookApi.SubmitErrorAsync(response, HttpStatusCode.BadRequest);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.Location, Is.Null);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain(ChosenHost));
        }
    }

    [Test]
    public async Task A_page_asked_for_under_another_host_is_an_error_page_without_the_pastes_link_or_qr_code()
    {
        var paste = await Client.CreatePasteAsync("a page to share");
        using var request = Browser.Navigate($"/{paste.Id}");
        request.Headers.Host = ChosenHost;

        using var response = await Client.SendAsync(request);

        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.BadRequest);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Not.Contain(ChosenHost));
            Assert.That(html, Does.Not.Contain("QR code of"));
        }
    }

    [Test]
    public async Task The_service_information_asked_for_under_another_host_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = $"{ChosenHost}:8080";

        using var response = await Client.SendAsync(request);

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain(ChosenHost));
    }

    [Test]
    public async Task An_allowed_host_in_any_letter_case_and_with_a_port_is_answered_and_the_links_follow_it()
    {
        // Signed clients sign the Host as they send it, so the name is compared, not the port or the letter case.
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("sent to a host the service answers to"), "text/plain"));
        request.Headers.Host = "LocalHost:8080";

        using var created = await Client.SendAsync(request);
        var paste = await PasteApi.ReadCreatedAsync(created);
        using var page = Browser.Navigate($"/{paste.Id}");
        page.Headers.Host = "127.0.0.1:8080";
        var html = await ResponseAssert.PageAsync(await Client.SendAsync(page), HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.Location, Is.EqualTo(new Uri($"http://localhost:8080/{paste.Id}")));
            Assert.That(html, Does.Contain($"alt=\"QR code of http://127.0.0.1:8080/{paste.Id}\""));
        }
    }
}

/// <summary>Settings under which a caller could choose the host of the service's addresses stop it at start-up, naming the keys.</summary>
public sealed class HostSettingsStartupTests(StorageProvider provider) : StoreFixture(provider)
{
    [Test]
    public async Task Webhooks_without_a_public_base_url_stop_the_service_naming_the_public_base_url()
    {
        using var database = new TestDatabase(Provider);

        var result = await PasteExecutable.RunAsync(database, [], new Dictionary<string, string?> { ["Paste:Webhooks:Urls:0"] = "https://hooks.example/paste" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain("Paste:PublicBaseUrl").And.Contain("Paste:Webhooks:Urls"), result.ToString());
            Assert.That(await database.StoreCreatedAsync(), Is.False, "the database was created before the settings were checked");
        }
    }

    [TestCase("*")]
    [TestCase("")]
    public async Task Any_host_allowed_without_a_public_base_url_stops_the_service_naming_both_keys(string allowedHosts)
    {
        using var database = new TestDatabase(Provider);

        var result = await PasteExecutable.RunAsync(database, [], new Dictionary<string, string?> { ["AllowedHosts"] = allowedHosts });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain("AllowedHosts").And.Contain("Paste:PublicBaseUrl"), result.ToString());
            Assert.That(await database.StoreCreatedAsync(), Is.False, "the database was created before the settings were checked");
        }
    }

    [Test]
    public async Task Any_host_allowed_with_a_public_base_url_starts_and_hands_out_the_public_base()
    {
        using var database = new TestDatabase(Provider);
        var port = LoopbackPort.Free();
        var settings = new Dictionary<string, string?> { ["AllowedHosts"] = "*", ["Paste:PublicBaseUrl"] = "https://paste.example.com" };
        await using var service = PasteExecutable.StartService(database, port, settings);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await PasteExecutable.WaitUntilHealthyAsync(service, client, client.BaseAddress);
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("any host, one address"), "text/plain"));
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request);

        var paste = await PasteApi.ReadCreatedAsync(response);
        Assert.That(paste.Location, Is.EqualTo(new Uri($"https://paste.example.com/{paste.Id}")));
    }
}
