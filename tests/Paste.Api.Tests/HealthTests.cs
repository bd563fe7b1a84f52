using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class HealthTests
{
    [Test]
    public async Task A_working_database_is_healthy()
    {
        await using var factory = new PasteApiFactory();
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
        await using var factory = new PasteApiFactory();
        using var client = factory.CreatePasteClient();
        Assert.That(await client.StatusOfAsync("/health"), Is.EqualTo(HttpStatusCode.OK));

        await factory.Database.ExecuteAsync("DROP TABLE \"PasteContents\"; DROP TABLE \"Pastes\";");
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("unhealthy"));
        Assert.That(body.GetProperty("database").GetString(), Is.EqualTo("error"));
        ResponseAssert.HasSecurityHeaders(response);
    }

    [Test]
    public async Task A_broken_database_fails_reads_cleanly_without_internals()
    {
        await using var factory = new PasteApiFactory();
        using var client = factory.CreatePasteClient();
        var paste = await client.CreatePasteAsync("about to lose its table");

        await factory.Database.ExecuteAsync("DROP TABLE \"PasteContents\"; DROP TABLE \"Pastes\";");
        using var response = await client.GetAsync(new Uri($"/{paste.Id}", UriKind.Relative));

        await ResponseAssert.ProblemAsync(response, HttpStatusCode.InternalServerError);
    }
}
