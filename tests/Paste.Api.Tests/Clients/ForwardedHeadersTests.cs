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

    [Test]
    public async Task Behind_the_default_proxy_the_addresses_of_one_ipv6_64_share_one_budget()
    {
        await using var factory = new PasteApiFactory(
            new Dictionary<string, string?> { ["Paste:RateLimits:AnonymousPermitsPerMinute"] = "2" }, useKestrel: true, provider: Provider);
        using var client = factory.CreatePasteClient();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CreateFromAsync(client, "2001:db8::1"), Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await CreateFromAsync(client, "2001:db8::2"), Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await CreateFromAsync(client, "2001:db8::3"), Is.EqualTo(HttpStatusCode.TooManyRequests), "the same /64");
            Assert.That(await CreateFromAsync(client, "2001:db8::ffff:ffff:ffff:ffff"), Is.EqualTo(HttpStatusCode.TooManyRequests), "the same /64");

            Assert.That(await CreateFromAsync(client, "2001:db8:0:1::1"), Is.EqualTo(HttpStatusCode.Created), "the next /64 is another client");
        }
    }

    [Test]
    public async Task The_ipv6_prefix_length_sets_how_wide_one_client_is()
    {
        await using var factory = new PasteApiFactory(
            new Dictionary<string, string?>
            {
                ["Paste:RateLimits:AnonymousPermitsPerMinute"] = "2",
                ["Paste:RateLimits:Ipv6PrefixLength"] = "48",
            },
            useKestrel: true,
            provider: Provider);
        using var client = factory.CreatePasteClient();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CreateFromAsync(client, "2001:db8::1"), Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await CreateFromAsync(client, "2001:db8:0:1::1"), Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await CreateFromAsync(client, "2001:db8:0:ffff::1"), Is.EqualTo(HttpStatusCode.TooManyRequests), "the same /48");
        }
    }

    [Test]
    public async Task An_ipv4_mapped_address_shares_the_budget_of_its_ipv4_address()
    {
        await using var factory = new PasteApiFactory(
            new Dictionary<string, string?> { ["Paste:RateLimits:AnonymousPermitsPerMinute"] = "2" }, useKestrel: true, provider: Provider);
        using var client = factory.CreatePasteClient();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await CreateFromAsync(client, "203.0.113.1"), Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await CreateFromAsync(client, "::ffff:203.0.113.1"), Is.EqualTo(HttpStatusCode.Created));
            Assert.That(await CreateFromAsync(client, "203.0.113.1"), Is.EqualTo(HttpStatusCode.TooManyRequests));
        }
    }
}
