using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class HealthTests(StorageProvider provider) : StoreFixture(provider)
{
    [Test]
    public async Task A_working_database_is_healthy()
    {
        await using var factory = new PasteApiFactory(provider: Provider);
        using var client = factory.CreatePasteClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(body.GetProperty("database").GetString(), Is.EqualTo("ok"));
        Assert.That(body.EnumerateObject().Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_database_without_its_tables_is_unhealthy()
    {
        await using var factory = new PasteApiFactory(provider: Provider);
        using var client = factory.CreatePasteClient();
        Assert.That(await client.StatusOfAsync("/health"), Is.EqualTo(HttpStatusCode.OK));

        await factory.Database.BreakPasteTablesAsync();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("unhealthy"));
        Assert.That(body.GetProperty("database").GetString(), Is.EqualTo("error"));
        ResponseAssert.HasSecurityHeaders(response);
    }

    [Test]
    public async Task Readiness_follows_the_database_while_liveness_only_says_the_process_answers()
    {
        await using var factory = new PasteApiFactory(provider: Provider);
        using var client = factory.CreatePasteClient();

        using var readyBefore = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var liveBefore = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var ready = await ResponseAssert.JsonAsync(readyBefore, HttpStatusCode.OK);
        var live = await ResponseAssert.JsonAsync(liveBefore, HttpStatusCode.OK);

        await factory.Database.BreakPasteTablesAsync();
        using var readyAfter = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var liveAfter = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var notReady = await ResponseAssert.JsonAsync(readyAfter, HttpStatusCode.ServiceUnavailable);
        var stillLive = await ResponseAssert.JsonAsync(liveAfter, HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ready.ToString(), Is.EqualTo("""{"status":"healthy","database":"ok"}"""));
            Assert.That(notReady.ToString(), Is.EqualTo("""{"status":"unhealthy","database":"error"}"""));
            Assert.That(live.ToString(), Is.EqualTo("""{"status":"alive"}"""));
            Assert.That(stillLive.ToString(), Is.EqualTo("""{"status":"alive"}"""));
        }
    }

    [Test]
    public async Task Probes_never_use_up_the_request_limit()
    {
        await using var factory = new PasteApiFactory(new Dictionary<string, string?> { ["Paste:RateLimits:RequestsPerMinute"] = "1" }, provider: Provider);
        using var client = factory.CreatePasteClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[] { "/health/live", "/health/ready", "/health", "/health/live", "/health/ready", "/health" })
        {
            statuses.Add(await client.StatusOfAsync(path));
        }

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_broken_database_fails_reads_cleanly_without_internals()
    {
        await using var factory = new PasteApiFactory(provider: Provider);
        using var client = factory.CreatePasteClient();
        var paste = await client.CreatePasteAsync("about to lose its table");

        await factory.Database.BreakPasteTablesAsync();
        using var response = await client.GetAsync(new Uri($"/{paste.Id}", UriKind.Relative));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.InternalServerError);
    }
}
