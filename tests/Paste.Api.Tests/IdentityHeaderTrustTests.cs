using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// Whose X-SSL-Client-SHA1 is an identity, through a real Kestrel on 127.0.0.1. Without Paste:ProxySecret, only a
/// connection from a trusted proxy may name the caller: loopback by default, or exactly the configured proxies. These
/// tests cannot connect from another address, so "another peer" is loopback once the configured proxy is 10.9.9.9.
/// With a secret, the secret is what counts.
/// </summary>
public sealed class IdentityHeaderTrustTests(StorageProvider provider) : StoreFixture(provider)
{
    private const string ProxySecret = "9b7f0c2e4a6d8b1f3e5c7a9d0b2f4e6a";
    private const string OtherProxy = "10.9.9.9";

    private PasteApiFactory Factory(params (string Key, string Value)[] settings) =>
        new(settings.ToDictionary(setting => setting.Key, setting => (string?)setting.Value), useKestrel: true, provider: Provider);

    private static async Task<JsonElement> LimitsAsync(HttpClient client, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/limits");
        request.Headers.Add(Fingerprints.Header, Fingerprints.Alice);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await client.SendAsync(request);
        return await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    private static bool Authenticated(JsonElement limits) => limits.GetProperty("authenticated").GetBoolean();

    [Test]
    public async Task Without_a_secret_a_fingerprint_from_loopback_is_an_identity_by_default()
    {
        await using var factory = Factory();
        using var client = factory.CreatePasteClient();

        var paste = await client.CreatePasteAsync("from the proxy on loopback", Fingerprints.Alice);

        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(Fingerprints.Alice));
    }

    [Test]
    public async Task Without_a_secret_a_fingerprint_from_a_peer_that_is_not_the_configured_proxy_is_anonymous()
    {
        await using var factory = Factory(("Paste:ForwardedHeaders:KnownProxies:0", OtherProxy));
        using var client = factory.CreatePasteClient();

        var paste = await client.CreatePasteAsync("claiming to be alice", Fingerprints.Alice);
        using var deleted = await client.DeletePasteAsync(paste.Id, Fingerprints.Alice);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(paste.Body.TryGetProperty("owner", out _), Is.False, "no owner from a peer that is not a trusted proxy");
            Assert.That(Authenticated(await LimitsAsync(client)), Is.False);
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
    }

    [Test]
    public async Task A_peer_cannot_pass_for_the_configured_proxy_with_forwarded_headers_of_its_own()
    {
        await using var factory = Factory(("Paste:ForwardedHeaders:KnownProxies:0", OtherProxy));
        using var client = factory.CreatePasteClient();

        // X-Original-For is where the forwarded-headers middleware keeps the peer it replaced; a client can send it too.
        var limits = await LimitsAsync(client, ("X-Original-For", $"{OtherProxy}:4711"), ("X-Forwarded-For", OtherProxy));

        Assert.That(Authenticated(limits), Is.False);
    }

    [Test]
    public async Task Without_a_secret_the_configured_proxys_connection_is_trusted_whatever_client_it_forwards()
    {
        // The proxy names the client in X-Forwarded-For, which then is the request's address: trust is the connection's.
        await using var factory = Factory(("Paste:ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8"));
        using var client = factory.CreatePasteClient();

        var limits = await LimitsAsync(client, ("X-Forwarded-For", "203.0.113.5"));

        Assert.That(Authenticated(limits), Is.True);
    }

    [Test]
    public async Task With_a_secret_the_secret_is_required_even_from_loopback()
    {
        await using var factory = Factory(("Paste:ProxySecret", ProxySecret));
        using var client = factory.CreatePasteClient();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Authenticated(await LimitsAsync(client)), Is.False, "without the secret");
            Assert.That(Authenticated(await LimitsAsync(client, (Fingerprints.ProxySecretHeader, ProxySecret))), Is.True, "with it");
        }
    }

    [Test]
    public async Task With_a_secret_the_secret_is_enough_from_any_peer()
    {
        await using var factory = Factory(("Paste:ProxySecret", ProxySecret), ("Paste:ForwardedHeaders:KnownProxies:0", OtherProxy));
        using var client = factory.CreatePasteClient();

        Assert.That(Authenticated(await LimitsAsync(client, (Fingerprints.ProxySecretHeader, ProxySecret))), Is.True);
    }
}
