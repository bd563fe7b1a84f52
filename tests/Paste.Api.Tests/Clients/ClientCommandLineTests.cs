using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// <c>clients add|list|revoke|purge</c> run as an operator runs them: the built Paste.Api.dll in its own process, against a
/// database file, printing JSON on stdout and failing with exit code 1 and a reason on stderr.
/// </summary>
public sealed class ClientCommandLineTests
{
    private static readonly string[] SummaryMembers = ["key_id", "name", "algorithm", "created_at", "revoked"];

    private TestDatabase database = null!;

    [SetUp]
    public void CreateDatabase() => database = new TestDatabase();

    [TearDown]
    public void DeleteDatabase() => database.Dispose();

    private Task<ProcessResult> Paste(params string[] args) => ExternalProcess.RunPasteAsync(database, args);

    private static string[] Members(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static void Failed(ProcessResult result, string reason)
    {
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain(reason), result.ToString());
        Assert.That(result.StandardOutput, Is.Empty, result.ToString());
    }

    [Test]
    public async Task Add_prints_the_key_id_and_a_43_character_secret_that_list_never_shows()
    {
        var added = (await Paste("clients", "add", "nightly backup")).Json();

        Assert.That(Members(added), Is.EquivalentTo(["key_id", "secret"]));
        var keyId = added.GetProperty("key_id").GetString()!;
        var secret = added.GetProperty("secret").GetString()!;
        Assert.That(keyId, Does.Match("^cl_[A-Za-z0-9]{20}$"));
        Assert.That(secret, Does.Match("^[A-Za-z0-9_-]{43}$"));

        var list = await Paste("clients", "list");
        var clients = list.Json();
        Assert.That(clients.ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(clients.GetArrayLength(), Is.EqualTo(1));
        var client = clients[0];
        Assert.That(Members(client), Is.EquivalentTo(SummaryMembers));
        Assert.That(client.GetProperty("key_id").GetString(), Is.EqualTo(keyId));
        Assert.That(client.GetProperty("name").GetString(), Is.EqualTo("nightly backup"));
        Assert.That(client.GetProperty("algorithm").GetString(), Is.EqualTo("hmac-sha256"));
        Assert.That(client.GetProperty("revoked").GetBoolean(), Is.False);
        Assert.That(client.GetProperty("created_at").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(2)));
        Assert.That(list.StandardOutput, Does.Not.Contain(secret));

        // At rest the secret is protected: neither it nor its bytes appear in the database file.
        var stored = await StoredKeyMaterialAsync(keyId);
        Assert.That(stored, Does.Not.Contain(secret));
        Assert.That(stored, Has.Length.GreaterThan(secret.Length));
        var file = await File.ReadAllBytesAsync(database.FilePath);
        Assert.That(System.Text.Encoding.Latin1.GetString(file), Does.Not.Contain(secret));
    }

    [Test]
    public async Task Add_with_a_public_key_prints_only_the_key_id_and_list_never_shows_the_key()
    {
        var publicKey = Ed25519Keys.PublicKey(Ed25519Keys.NewPrivateKey());
        var publicKeyBase64 = Convert.ToBase64String(publicKey);

        var added = (await Paste("clients", "add", "team bot", "--public-key", publicKeyBase64)).Json();

        Assert.That(Members(added), Is.EquivalentTo(["key_id"]));
        var list = await Paste("clients", "list");
        var client = list.Json()[0];
        Assert.That(client.GetProperty("key_id").GetString(), Is.EqualTo(added.GetProperty("key_id").GetString()));
        Assert.That(client.GetProperty("algorithm").GetString(), Is.EqualTo("ed25519"));
        Assert.That(Members(client), Is.EquivalentTo(SummaryMembers));
        Assert.That(list.StandardOutput, Does.Not.Contain(publicKeyBase64));
    }

    [TestCase("not-base64!")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", TestName = "Add with a 33-byte public key fails and registers nothing")]
    public async Task Add_with_a_bad_public_key_fails_and_registers_nothing(string publicKey)
    {
        var result = await Paste("clients", "add", "team bot", "--public-key", publicKey);

        Failed(result, "32-byte Ed25519 public key");
        Assert.That(await database.CountAllAsync("ApiClients"), Is.Zero);
    }

    [Test]
    public async Task Add_with_an_invalid_name_fails()
    {
        var result = await Paste("clients", "add", new string('n', 101));

        Failed(result, "1 to 100 printable characters");
    }

    [Test]
    public async Task Revoke_prints_the_revocation_and_list_shows_it()
    {
        var keyId = (await Paste("clients", "add", "to revoke")).Json().GetProperty("key_id").GetString()!;
        var kept = (await Paste("clients", "add", "to keep")).Json().GetProperty("key_id").GetString()!;

        var revoked = (await Paste("clients", "revoke", keyId)).Json();

        Assert.That(revoked.GetProperty("key_id").GetString(), Is.EqualTo(keyId));
        Assert.That(revoked.GetProperty("revoked").GetBoolean(), Is.True);
        var list = (await Paste("clients", "list")).Json().EnumerateArray()
            .ToDictionary(c => c.GetProperty("key_id").GetString()!, c => c.GetProperty("revoked").GetBoolean());
        Assert.That(list, Is.EquivalentTo(new Dictionary<string, bool> { [keyId] = true, [kept] = false }));
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

    private async Task<string> StoredKeyMaterialAsync(string keyId)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT KeyMaterial FROM ApiClients WHERE KeyId = $id";
        command.Parameters.AddWithValue("$id", keyId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
