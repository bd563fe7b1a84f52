using System.Net;
using Paste.Api.Tests.Support;
using Paste.Application.Clients;

namespace Paste.Api.Tests.Clients;

/// <summary>A running server honours adds, revocations and purges at once, whether they come through the application or the command line.</summary>
public sealed class ClientLifecycleTests(StorageProvider provider) : ApiFixture(provider)
{
    // Signatures cover the request target as sent; only a real server reports it (see InMemorySignedRequestTests).
    protected override PasteApiFactory CreateFactory() => new(Settings, useKestrel: true, provider: Provider);

    private async Task<HttpStatusCode> SignedHealthAsync(SigningKey key)
    {
        // A fresh query each time, so that a refusal below is never just the replay of an earlier identical request.
        using var response = await Client.SendSignedAsync(HttpMethod.Get, $"/health?check={Guid.NewGuid():N}", key);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            await RequestSigner.AssertRefusedAsync(response);
        }

        return response.StatusCode;
    }

    [Test]
    public async Task A_client_revoked_while_the_server_runs_is_refused_on_its_next_request()
    {
        var key = await Factory.AddHmacClientAsync();
        var other = await Factory.AddEd25519ClientAsync();
        Assert.That(await SignedHealthAsync(key), Is.EqualTo(HttpStatusCode.OK));

        await Factory.RevokeClientAsync(key.KeyId);

        Assert.That(await SignedHealthAsync(key), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await SignedHealthAsync(other), Is.EqualTo(HttpStatusCode.OK), "revoking one client leaves the others alone");
    }

    [Test]
    public async Task A_revoked_client_can_no_longer_delete_its_pastes()
    {
        var key = await Factory.AddEd25519ClientAsync();
        var paste = await Client.CreateSignedPasteAsync(key);

        await Factory.RevokeClientAsync(key.KeyId);

        using var response = await Client.DeleteSignedAsync(paste.Id, key);
        await RequestSigner.AssertRefusedAsync(response);
        Assert.That(await Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Purging_while_the_server_runs_refuses_every_client_on_its_next_request()
    {
        var hmac = await Factory.AddHmacClientAsync();
        var ed25519 = await Factory.AddEd25519ClientAsync();
        Assert.That(await SignedHealthAsync(hmac), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SignedHealthAsync(ed25519), Is.EqualTo(HttpStatusCode.OK));

        var purged = await Factory.SendAsync(new PurgeClientsCommand());

        Assert.That(purged, Is.GreaterThanOrEqualTo(2));
        Assert.That(await SignedHealthAsync(hmac), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await SignedHealthAsync(ed25519), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await Factory.Database.CountAllAsync("ApiClients"), Is.Zero);
    }

    [Test]
    public async Task A_client_revoked_by_the_command_line_is_refused_by_the_running_server()
    {
        var key = await Factory.AddHmacClientAsync();
        Assert.That(await SignedHealthAsync(key), Is.EqualTo(HttpStatusCode.OK));

        var revoked = await PasteExecutable.RunAsync(Factory.Database, ["clients", "revoke", key.KeyId]);

        Assert.That(revoked.Json().GetProperty("revoked").GetBoolean(), Is.True);
        Assert.That(await SignedHealthAsync(key), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_secret_client_added_by_the_command_line_works_against_the_running_server_at_once()
    {
        // The server is already running: the command line's secret must be readable with the shared key ring.
        Assert.That(await Client.StatusOfAsync("/health"), Is.EqualTo(HttpStatusCode.OK));

        var added = (await PasteExecutable.RunAsync(Factory.Database, ["clients", "add", "added while running"])).Json();
        var key = SigningKey.Hmac(added.GetProperty("key_id").GetString()!, added.GetProperty("secret").GetString()!);

        var paste = await Client.CreateSignedPasteAsync(key);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(key.KeyId));
    }
}
