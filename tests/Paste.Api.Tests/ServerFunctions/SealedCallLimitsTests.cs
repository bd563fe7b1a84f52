using System.Net;
using Paste.Api.Tests.Support;
using Paste.Application.Clients;

namespace Paste.Api.Tests.ServerFunctions;

/// <summary>What bounds who and how much can call <c>/v1</c>: the key trials of unnamed calls, purges and the rate limit.</summary>
public sealed class SealedCallLimitsTests(StorageProvider provider) : StoreFixture(provider)
{
    private PasteApiFactory factory = null!;
    private HttpClient client = null!;

    private void Start(Dictionary<string, string?> settings)
    {
        factory = new PasteApiFactory(settings, provider: Provider);
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

    [Test]
    public async Task Beyond_the_trial_bound_a_client_is_found_only_when_its_call_names_it()
    {
        Start(new() { ["Paste:V1:MaxKeyTrials"] = "2" });
        var first = await BoxClient.RegisterAsync(factory, "first");
        await BoxClient.RegisterAsync(factory, "second");
        var third = await BoxClient.RegisterAsync(factory, "third");

        using var unnamedFirst = await BoxClient.PostAsync(client, first.Call("time_test"));
        using var unnamedThird = await BoxClient.PostAsync(client, third.Call("time_test"));
        using var namedThird = await BoxClient.PostAsync(client, third.Call("time_test", named: true));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unnamedFirst.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the oldest clients are tried");
            Assert.That(unnamedThird.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the third is past the bound");
            Assert.That(namedThird.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a named client is found whatever the bound");
        }
    }

    [Test]
    public async Task A_revoked_client_does_not_take_a_place_within_the_trial_bound()
    {
        Start(new() { ["Paste:V1:MaxKeyTrials"] = "1" });
        var revoked = await BoxClient.RegisterAsync(factory, "revoked");
        var active = await BoxClient.RegisterAsync(factory, "active");
        await factory.RevokeClientAsync(revoked.KeyId);

        using var response = await BoxClient.PostAsync(client, active.Call("time_test"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task After_a_purge_no_client_is_accepted_until_one_is_registered_again()
    {
        Start([]);
        var first = await BoxClient.RegisterAsync(factory, "first");
        var second = await BoxClient.RegisterAsync(factory, "second");

        await factory.SendAsync(new PurgeClientsCommand());
        var registeredAgain = await BoxClient.RegisterAsync(factory, "registered again");

        using var firstCall = await BoxClient.PostAsync(client, first.Call("time_test"));
        using var secondCall = await BoxClient.PostAsync(client, second.Call("time_test", named: true));
        using var newCall = await BoxClient.PostAsync(client, registeredAgain.Call("time_test"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstCall.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(secondCall.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(newCall.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Calls_count_against_the_per_ip_request_limit()
    {
        Start(new() { ["Paste:RateLimits:RequestsPerMinute"] = "2" });
        var caller = await BoxClient.RegisterAsync(factory);

        using var first = await BoxClient.PostAsync(client, caller.Call("time_test"));
        using var refused = await BoxClient.PostAsync(client, caller.WithKeysOf(Sodium.PublicKeyBox.GenerateKeyPair()).Call("time_test"));
        using var limited = await BoxClient.PostAsync(client, caller.Call("time_test"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a refused call counts as well");
            await ResponseAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests);
            Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
        }
    }
}
