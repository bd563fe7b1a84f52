using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// Per-IP budgets behind a reverse proxy, through a real Kestrel on 127.0.0.1: X-Forwarded-For decides the client IP
/// only when the connection comes from a configured proxy.
/// </summary>
public sealed class ForwardedHeadersTests(StorageProvider provider) : StoreFixture(provider)
{
    private PasteApiFactory Factory(string knownProxy) => new(
        new Dictionary<string, string?>
        {
            ["Paste:ForwardedHeaders:KnownProxies:0"] = knownProxy,
            ["Paste:RateLimits:AnonymousPermitsPerMinute"] = "2",
        },
        useKestrel: true,
        provider: Provider);

    private static async Task<HttpStatusCode> CreateFromAsync(HttpClient client, string? forwardedFor)
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("forwarded"), "text/plain"));
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Test]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_ip_has_its_own_budget()
    {
        await using var factory = Factory("127.0.0.1");
        using var client = factory.CreatePasteClient();

        Assert.That(await CreateFromAsync(client, "203.0.113.1"), Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CreateFromAsync(client, "203.0.113.1"), Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CreateFromAsync(client, "203.0.113.1"), Is.EqualTo(HttpStatusCode.TooManyRequests));

        Assert.That(await CreateFromAsync(client, "203.0.113.2"), Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CreateFromAsync(client, "203.0.113.2"), Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CreateFromAsync(client, "203.0.113.2"), Is.EqualTo(HttpStatusCode.TooManyRequests));

        Assert.That(await CreateFromAsync(client, null), Is.EqualTo(HttpStatusCode.Created), "the proxy's own address is one more client");
    }

    [Test]
    public async Task Behind_a_trusted_proxy_only_the_last_forwarded_address_counts()
    {
        // ForwardLimit 1: the proxy appends the address it saw; anything the client put before it is not believed.
        await using var factory = Factory("127.0.0.1");
        using var client = factory.CreatePasteClient();

        Assert.That(await CreateFromAsync(client, "198.51.100.1, 203.0.113.9"), Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CreateFromAsync(client, "198.51.100.2, 203.0.113.9"), Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CreateFromAsync(client, "198.51.100.3, 203.0.113.9"), Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task From_an_untrusted_address_x_forwarded_for_is_ignored()
    {
        await using var factory = Factory("10.9.9.9");
        using var client = factory.CreatePasteClient();

        Assert.That(await CreateFromAsync(client, "203.0.113.1"), Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CreateFromAsync(client, "203.0.113.2"), Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await CreateFromAsync(client, "203.0.113.3"), Is.EqualTo(HttpStatusCode.TooManyRequests), "every request is 127.0.0.1's");
        Assert.That(await CreateFromAsync(client, null), Is.EqualTo(HttpStatusCode.TooManyRequests));
    }
}
