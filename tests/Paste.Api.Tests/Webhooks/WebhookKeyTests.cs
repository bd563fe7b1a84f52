using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Webhooks;

/// <summary>GET /webhook_key, and the key file behind it.</summary>
public sealed class WebhookKeyTests(StorageProvider provider) : ApiFixture(provider)
{
    private static readonly string[] KeyMembers = ["status", "public", "algorithm", "standard_webhooks"];

    [Test]
    public async Task The_webhook_key_is_a_raw_ed25519_public_key_in_both_forms()
    {
        using var response = await Client.GetAsync(new Uri("/webhook_key", UriKind.Relative));

        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        var publicKey = ResponseAssert.StringMember(body, "public");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(KeyMembers));
            Assert.That(ResponseAssert.StringMember(body, "status"), Is.EqualTo("success"));
            Assert.That(ResponseAssert.StringMember(body, "algorithm"), Is.EqualTo("ed25519"));
            Assert.That(Convert.FromBase64String(publicKey!), Has.Length.EqualTo(32));
            Assert.That(ResponseAssert.StringMember(body, "standard_webhooks"), Is.EqualTo("whpk_" + publicKey));
        }

        ResponseAssert.HasSecurityHeaders(response);
    }

    [Test]
    public async Task The_webhook_key_is_the_same_on_every_request()
    {
        var first = await Client.GetWebhookKeyAsync();
        var second = await Client.GetWebhookKeyAsync();

        Assert.That(second.GetProperty("public").GetString(), Is.EqualTo(first.GetProperty("public").GetString()));
    }

    [Test]
    public async Task The_signing_key_survives_a_restart_on_the_same_data_directory()
    {
        using var database = new TestDatabase(Provider);
        JsonElement before;
        await using (var first = new PasteApiFactory(database: database))
        {
            using var client = first.CreatePasteClient();
            before = await client.GetWebhookKeyAsync();
        }

        await using var second = new PasteApiFactory(database: database);
        using var restarted = second.CreatePasteClient();
        var after = await restarted.GetWebhookKeyAsync();

        Assert.That(after.GetProperty("public").GetString(), Is.EqualTo(before.GetProperty("public").GetString()));
    }

    [Test]
    public async Task Another_data_directory_gets_another_key()
    {
        await using var other = new PasteApiFactory(provider: Provider);
        using var otherClient = other.CreatePasteClient();

        var mine = await Client.GetWebhookKeyAsync();
        var theirs = await otherClient.GetWebhookKeyAsync();

        Assert.That(theirs.GetProperty("public").GetString(), Is.Not.EqualTo(mine.GetProperty("public").GetString()));
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task The_signing_key_file_is_created_readable_by_its_owner_only()
    {
        await Client.GetWebhookKeyAsync();
        var path = Factory.Database.SigningKeyPath();

        Assert.That(File.Exists(path), Is.True, $"no key file at {path}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(new FileInfo(path).Length, Is.EqualTo(32), "a raw 32-byte Ed25519 private key");
        }
    }

    [Test]
    public async Task The_private_key_is_not_served()
    {
        var body = await Client.GetWebhookKeyAsync();
        var privateKey = Convert.ToBase64String(await File.ReadAllBytesAsync(Factory.Database.SigningKeyPath()));

        Assert.That(body.GetRawText(), Does.Not.Contain(privateKey));
    }
}
