using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

public sealed class ServiceInfoTests(StorageProvider provider) : ApiFixture(provider)
{
    [Test]
    public async Task The_root_lists_every_endpoint()
    {
        using var response = await Client.GetAsync(new Uri("/", UriKind.Relative));

        var info = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        var endpoints = info.GetProperty("endpoints").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.That(endpoints, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["GET /"] = "API information",
            ["GET /health"] = "Health check",
            ["POST /"] = "Create paste",
            ["GET /<id>"] = "Retrieve paste metadata",
            ["GET /<id>/raw"] = "Retrieve raw paste content",
            ["DELETE /<id>"] = "Delete paste",
            ["GET /pastes"] = "List your pastes (identified callers)",
            ["POST /submit"] = "Create paste from JSON {\"c\": \"...\"}",
            ["GET /webhook_key"] = "Public key that verifies webhook signatures",
            ["GET /limits"] = "Your size limit, lifetime cap, expiry, rate limits and quota",
        }));
        Assert.That(info.GetProperty("name").GetString(), Is.Not.Empty);
        Assert.That(info.GetProperty("version").GetString(), Is.Not.Empty);
        Assert.That(info.GetProperty("note").GetString(), Is.EqualTo("Use --data-binary (not -d) to preserve newlines"));
    }

    [Test]
    public async Task The_usage_examples_use_the_requests_host()
    {
        using var response = await Client.GetAsync(new Uri("/", UriKind.Relative));

        var usage = (await ResponseAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("usage");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(usage.GetProperty("raw").GetString(), Is.EqualTo("curl --data-binary @file.txt http://localhost/"));
            Assert.That(usage.GetProperty("pipe").GetString(), Is.EqualTo("cat file.txt | curl --data-binary @- http://localhost/"));
            Assert.That(usage.GetProperty("json").GetString(), Is.EqualTo("curl -H 'Content-Type: application/json' -d '{\"content\":\"...\"}' http://localhost/"));
        }
    }

    [Test]
    public async Task The_usage_examples_follow_an_allowed_host_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "127.0.0.1:8080";

        using var response = await Client.SendAsync(request);

        var usage = (await ResponseAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("usage");
        Assert.That(usage.GetProperty("raw").GetString(), Is.EqualTo("curl --data-binary @file.txt http://127.0.0.1:8080/"));
    }
}
