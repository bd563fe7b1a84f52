using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// <c>/metrics</c> as Prometheus scrapes it, through Kestrel on loopback: what the service did and what it stores, and
/// only for the networks an operator allows.
/// </summary>
public sealed partial class MetricsTests(StorageProvider provider) : StoreFixture(provider)
{
    private PasteApiFactory factory = null!;
    private HttpClient client = null!;

    private void Start(Dictionary<string, string?>? settings = null)
    {
        factory = new PasteApiFactory(settings, useKestrel: true, provider: Provider);
        client = factory.CreatePasteClient();
    }

    [TearDown]
    public async Task Stop()
    {
        client?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return text;
    }

    /// <summary>The value of the one sample whose name and labels start as given; null when there is none.</summary>
    private static double? Sample(string scrape, string nameAndLabels)
    {
        var line = scrape.Split('\n').SingleOrDefault(l => l.StartsWith(nameAndLabels + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(nameAndLabels.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task Creates_deletes_and_what_is_stored_are_counted()
    {
        Start();
        var owner = await factory.AddHmacClientAsync("metrics owner");
        await client.CreatePasteAsync("twelve bytes");
        var owned = await client.CreateSignedPasteAsync(owner, "eighteen bytes, ok");
        using var deleted = await client.DeleteSignedAsync(owned.Id, owner);
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var scrape = await ScrapeAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Sample(scrape, "paste_pastes_created"), Is.EqualTo(2), scrape);
            Assert.That(Sample(scrape, "paste_pastes_deleted{reason=\"owner\"}"), Is.EqualTo(1), scrape);
            Assert.That(Sample(scrape, "paste_stored_pastes"), Is.EqualTo(1), scrape);
            Assert.That(Sample(scrape, "paste_stored_bytes"), Is.EqualTo(12), scrape);
        }
    }

    [Test]
    public async Task Request_durations_are_published_by_route_and_status()
    {
        Start();
        await client.CreatePasteAsync("timed");
        Assert.That(await client.StatusOfAsync("/not-a-valid-id!"), Is.EqualTo(HttpStatusCode.BadRequest));

        var scrape = await ScrapeAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(DurationCount().Matches(scrape).Select(m => (m.Groups["status"].Value, m.Groups["route"].Value)), Does.Contain(("201", "/")), scrape);
            Assert.That(DurationCount().Matches(scrape).Select(m => (m.Groups["status"].Value, m.Groups["route"].Value)), Does.Contain(("400", "{id}")), scrape);
        }
    }

    [Test]
    public async Task Requests_refused_by_the_rate_limiter_are_counted()
    {
        Start(new() { ["Paste:RateLimits:AnonymousPermitsPerMinute"] = "1" });
        await client.CreatePasteAsync("the one allowed");
        using var refused = await client.PostRawAsync(TestData.Utf8("one too many"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        var scrape = await ScrapeAsync();

        Assert.That(Sample(scrape, "microsoft_aspnetcore_ratelimiting_aspnetcore_rate_limiting_requests{aspnetcore_rate_limiting_result=\"global_limiter\"}"), Is.EqualTo(1), scrape);
    }

    /// <summary>Only the stored totals come from the database; a scrape does not depend on it otherwise.</summary>
    [Test]
    public async Task A_database_that_cannot_be_read_leaves_the_other_metrics_readable()
    {
        Start();
        await client.CreatePasteAsync("counted before the tables go");

        await factory.Database.BreakPasteTablesAsync();
        var scrape = await ScrapeAsync();

        Assert.That(Sample(scrape, "paste_pastes_created"), Is.EqualTo(1), scrape);
    }

    [Test]
    public async Task A_client_outside_the_allowed_networks_is_refused()
    {
        Start(new() { ["Paste:Metrics:AllowedNetworks:0"] = "10.0.0.0/8" });

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        var body = await ResponseAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Metrics are not available from this address"));
    }

    [Test]
    public async Task An_allowed_network_other_than_loopback_replaces_loopback()
    {
        Start(new() { ["Paste:Metrics:AllowedNetworks:0"] = "127.0.0.1/32" });

        Assert.That(await ScrapeAsync(), Does.Contain("paste_stored_pastes"));
    }

    [GeneratedRegex("""^microsoft_aspnetcore_hosting_http_server_request_duration_count\{[^}]*http_response_status_code="(?<status>\d+)",http_route="(?<route>[^"]*)"[^}]*\} \d+""", RegexOptions.Multiline)]
    private static partial Regex DurationCount();
}
