using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// <c>clients add|list|revoke|purge</c> run as an operator runs them: the built Paste.Api.dll in its own process, against a
/// database file, printing JSON on stdout and failing with exit code 1 and a reason on stderr.
/// </summary>
public sealed class ClientCommandLineTests(StorageProvider provider) : StoreFixture(provider)
{
    private static readonly string[] SummaryMembers = ["key_id", "name", "algorithm", "created_at", "revoked"];

    private TestDatabase database = null!;

    [SetUp]
    public void CreateDatabase() => database = new TestDatabase(Provider);

    [TearDown]
    public void DeleteDatabase() => database.Dispose();

    private Task<ProcessResult> Paste(params string[] args) => PasteExecutable.RunAsync(database, args);

    private static string[] Members(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static void Failed(ProcessResult result, string reason)
    {
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain(reason), result.ToString());
        Assert.That(result.StandardOutput, Is.Empty, result.ToString());
    }

    [Test]
    public async Task Commands_run_without_the_web_api_whose_settings_they_do_not_read()
    {
        // A rate limit of 0 stops the service at start-up; the operator commands have no web API to configure.
        var result = await PasteExecutable.RunAsync(database, ["clients", "list"], new Dictionary<string, string?> { ["Paste:RateLimits:RequestsPerMinute"] = "0" });

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Json().GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Add_prints_the_key_id_and_secret_or_only_the_key_id_and_list_never_shows_either_key()
    {
        var publicKey = Convert.ToBase64String(Ed25519Keys.PublicKey(Ed25519Keys.NewPrivateKey()));

        var added = (await Paste("clients", "add", "nightly backup")).Json();
        var addedWithKey = (await Paste("clients", "add", "team bot", "--public-key", publicKey)).Json();
        var list = await Paste("clients", "list");

        Assert.That(Members(added), Is.EquivalentTo(["key_id", "secret"]));
        var keyId = added.GetProperty("key_id").GetString()!;
        var secret = added.GetProperty("secret").GetString()!;
        Assert.That(keyId, Does.Match("^cl_[A-Za-z0-9]{20}$"));
        Assert.That(secret, Does.Match("^[A-Za-z0-9_-]{43}$"));
        Assert.That(Members(addedWithKey), Is.EquivalentTo(["key_id"]));
        var publicKeyId = addedWithKey.GetProperty("key_id").GetString()!;

        var clients = list.Json();
        Assert.That(clients.ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(clients.EnumerateArray().Select(Members), Has.All.EquivalentTo(SummaryMembers));
        var byKeyId = clients.EnumerateArray().ToDictionary(c => c.GetProperty("key_id").GetString()!);
        Assert.That(byKeyId.Keys, Is.EquivalentTo([keyId, publicKeyId]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(byKeyId[keyId].GetProperty("name").GetString(), Is.EqualTo("nightly backup"));
            Assert.That(byKeyId[keyId].GetProperty("algorithm").GetString(), Is.EqualTo("hmac-sha256"));
            Assert.That(byKeyId[keyId].GetProperty("revoked").GetBoolean(), Is.False);
            Assert.That(byKeyId[keyId].GetProperty("created_at").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(2)));
            Assert.That(byKeyId[publicKeyId].GetProperty("name").GetString(), Is.EqualTo("team bot"));
            Assert.That(byKeyId[publicKeyId].GetProperty("algorithm").GetString(), Is.EqualTo("ed25519"));
            Assert.That(byKeyId[publicKeyId].GetProperty("revoked").GetBoolean(), Is.False);
        }

        // Neither the secret, nor its protected form, nor the public key is ever listed.
        var stored = await StoredKeyMaterialAsync(keyId);
        foreach (var material in new[] { secret, stored, publicKey })
        {
            Assert.That(list.StandardOutput, Does.Not.Contain(material));
        }

        // At rest the secret is protected: neither the column nor the database (SQLite's file, every row of the table on
        // PostgreSQL, whose files are the server's) holds it.
        Assert.That(stored, Does.Not.Contain(secret));
        Assert.That(stored, Has.Length.GreaterThan(secret.Length));
        var atRest = database.IsPostgreSql
            ? string.Join('\n', await database.TextOfRowsAsync("ApiClients"))
            : System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(database.FilePath));
        Assert.That(atRest, Does.Not.Contain(secret));
    }

    [Test]
    public async Task Add_with_a_public_key_of_33_bytes_fails_and_registers_nothing()
    {
        var result = await Paste("clients", "add", "team bot", "--public-key", Convert.ToBase64String(new byte[33]));

        Failed(result, "32-byte Ed25519 public key");
        Assert.That(await database.CountAllAsync("ApiClients"), Is.Zero);
    }

    [Test]
    public async Task Revoke_prints_the_revocation_and_list_shows_it()
    {
        var keyId = (await Paste("clients", "add", "to revoke")).Json().GetProperty("key_id").GetString()!;

        var revoked = (await Paste("clients", "revoke", keyId)).Json();

        Assert.That(revoked.GetProperty("key_id").GetString(), Is.EqualTo(keyId));
        Assert.That(revoked.GetProperty("revoked").GetBoolean(), Is.True);
        var list = (await Paste("clients", "list")).Json();
        Assert.That(list.GetArrayLength(), Is.EqualTo(1));
        Assert.That(list[0].GetProperty("key_id").GetString(), Is.EqualTo(keyId));
        Assert.That(list[0].GetProperty("revoked").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Revoking_an_unknown_client_fails()
    {
        var result = await Paste("clients", "revoke", "cl_UnknownUnknownUnknow");

        Failed(result, "Client not found");
    }

    [Test]
    public async Task Purge_without_yes_fails_and_deletes_nothing_and_purge_yes_deletes_every_client()
    {
        await Paste("clients", "add", "first");
        await Paste("clients", "add", "second", "--public-key", Convert.ToBase64String(new byte[32]));

        var refused = await Paste("clients", "purge");

        Failed(refused, "--yes");
        Assert.That(await database.CountAllAsync("ApiClients"), Is.EqualTo(2));

        var purged = (await Paste("clients", "purge", "--yes")).Json();

        Assert.That(purged.GetProperty("purged").GetInt32(), Is.EqualTo(2));
        Assert.That(await database.CountAllAsync("ApiClients"), Is.Zero);
    }

    [Test]
    public async Task A_secret_from_the_command_line_signs_requests_to_a_server_on_the_same_database_and_key_ring()
    {
        var added = (await Paste("clients", "add", "cli client")).Json();
        var key = SigningKey.Hmac(added.GetProperty("key_id").GetString()!, added.GetProperty("secret").GetString()!);

        await using var factory = new PasteApiFactory(database: database, useKestrel: true);
        using var client = factory.CreatePasteClient();
        var paste = await client.CreateSignedPasteAsync(key);

        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(key.KeyId));
        using var deleted = await client.DeleteSignedAsync(paste.Id, key);
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private async Task<string> StoredKeyMaterialAsync(string keyId) =>
        (string)(await database.ScalarAsync("SELECT \"KeyMaterial\" FROM \"ApiClients\" WHERE \"KeyId\" = @id", ("id", keyId)))!;
}
