using System.Runtime.Versioning;
using System.Text.Json;
using Paste.Cli.Settings;
using Paste.Cli.Tests.Support;

namespace Paste.Cli.Tests;

/// <summary>
/// Who the tool is to the server: a registered client's secret or Ed25519 key signs every request, from a flag, the
/// environment or config.json (written by <c>paste login</c>, readable by its owner only), in that order.
/// </summary>
public sealed class IdentityTests(StorageProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task A_shared_secret_signs_the_create_and_only_that_client_can_delete_the_paste()
    {
        var (keyId, secret) = await AddClientAsync("cli hmac");
        var signed = new Dictionary<string, string?> { ["PASTE_KEY_ID"] = keyId, ["PASTE_SECRET"] = secret };

        var created = await PasteAsync(["--json"], input: TestData.Utf8("owned by a key"), environment: signed);
        var id = Id(created);
        var anonymousRemove = await PasteAsync(["rm", id]);
        var ownerRemove = await PasteAsync(["rm", id], environment: signed);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Owner(created), Is.EqualTo(keyId));
            Assert.That(anonymousRemove.ExitCode, Is.EqualTo(1), anonymousRemove.ToString());
            Assert.That(anonymousRemove.Error, Does.Contain("Authentication required"));
            Assert.That(ownerRemove.ExitCode, Is.Zero, ownerRemove.ToString());
            Assert.That(ownerRemove.OutputText, Is.EqualTo($"deleted {id}\n"));
            Assert.That((await PasteAsync(["info", id])).ExitCode, Is.EqualTo(1), "gone");
        }
    }

    [Test]
    public async Task The_same_file_pasted_twice_at_once_by_a_signed_client_makes_two_pastes()
    {
        var (keyId, secret) = await AddClientAsync("cli twice");
        var file = Path.Combine(Factory.Database.DirectoryPath, "twice.txt");
        await File.WriteAllTextAsync(file, "the same bytes, the same second");

        var created = await PasteAsync([file, file], environment: new Dictionary<string, string?> { ["PASTE_KEY_ID"] = keyId, ["PASTE_SECRET"] = secret });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.ExitCode, Is.Zero, created.ToString());
            Assert.That(created.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Count(), Is.EqualTo(2), "two URLs: no signature was refused as a replay");
        }
    }

    [Test]
    public async Task A_key_from_keygen_registered_on_the_server_signs_with_ed25519()
    {
        var keygen = await PasteAsync(["keygen"]);
        using var keys = JsonDocument.Parse(keygen.Output);
        var (keyId, secret) = await AddClientAsync("cli ed25519", keys.RootElement.GetProperty("public_key").GetString());

        var created = await PasteAsync(
            ["--json", "--key-id", keyId, "--private-key", keys.RootElement.GetProperty("private_key").GetString()!],
            input: TestData.Png);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(keygen.ExitCode, Is.Zero, keygen.ToString());
            Assert.That(keygen.Error, Does.Contain("clients add NAME --public-key"));
            Assert.That(secret, Is.Null);
            Assert.That(created.ExitCode, Is.Zero, created.ToString());
            Assert.That(Owner(created), Is.EqualTo(keyId));
        }
    }

    [Test]
    public async Task A_wrong_secret_is_refused_by_the_server_with_exit_1()
    {
        var (keyId, _) = await AddClientAsync("cli wrong secret");

        var refused = await PasteAsync([], input: TestData.Utf8("x"), environment: new Dictionary<string, string?> { ["PASTE_KEY_ID"] = keyId, ["PASTE_SECRET"] = "not the secret" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
            Assert.That(JsonDocument.Parse(refused.Error).RootElement.GetProperty("status").GetInt32(), Is.EqualTo(401));
        }
    }

    [Test]
    [UnsupportedOSPlatform("windows")]
    public async Task Login_saves_the_settings_for_its_owner_only_and_later_commands_use_them()
    {
        var (keyId, secret) = await AddClientAsync("cli login");
        var config = NewConfigDirectory();
        var noUrl = new Dictionary<string, string?> { ["PASTE_URL"] = null };

        var login = await PasteAsync(["login", "--url", ServerUrl, "--key-id", keyId, "--secret", secret!], environment: noUrl, configDirectory: config);
        var created = await PasteAsync(["--json"], input: TestData.Utf8("from the saved login"), environment: noUrl, configDirectory: config);

        var path = ConfigFile.PathIn(config);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(login.ExitCode, Is.Zero, login.ToString());
            Assert.That(login.Error, Does.Contain(path));
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(created.ExitCode, Is.Zero, created.ToString());
            Assert.That(Owner(created), Is.EqualTo(keyId));
        }
    }

    [Test]
    public async Task Login_takes_what_the_environment_gives_as_well()
    {
        var (keyId, secret) = await AddClientAsync("cli login from the environment");
        var config = NewConfigDirectory();

        var login = await PasteAsync(["login"], environment: new Dictionary<string, string?> { ["PASTE_KEY_ID"] = keyId, ["PASTE_SECRET"] = secret }, configDirectory: config);
        var saved = await ConfigFile.ReadAsync(config);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(login.ExitCode, Is.Zero, login.ToString());
            Assert.That(saved.Url, Is.EqualTo(ServerUrl), "PASTE_URL");
            Assert.That(saved.KeyId, Is.EqualTo(keyId));
            Assert.That(saved.Secret, Is.EqualTo(secret));
        }
    }

    [Test]
    public async Task Login_to_a_server_that_does_not_answer_saves_nothing()
    {
        var config = NewConfigDirectory();

        var login = await PasteAsync(["login", "--url", "http://127.0.0.1:9/"], configDirectory: config);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(login.ExitCode, Is.EqualTo(3), login.ToString());
            Assert.That(File.Exists(ConfigFile.PathIn(config)), Is.False);
        }
    }

    [Test]
    public async Task A_flag_beats_the_environment_which_beats_config_json()
    {
        var config = NewConfigDirectory();
        await ConfigFile.WriteAsync(config, new ClientSettings { Url = "http://127.0.0.1:9/" });

        var fromConfig = await PasteAsync(["info", "AAAAAAAAAAAAAAAA"], environment: new Dictionary<string, string?> { ["PASTE_URL"] = null }, configDirectory: config);
        var fromEnvironment = await PasteAsync(["info", "AAAAAAAAAAAAAAAA"], configDirectory: config);
        var fromFlag = await PasteAsync(
            ["info", "AAAAAAAAAAAAAAAA", "--url", ServerUrl], environment: new Dictionary<string, string?> { ["PASTE_URL"] = "http://127.0.0.1:9/" }, configDirectory: config);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromConfig.ExitCode, Is.EqualTo(3), "config.json's unreachable server");
            Assert.That(fromEnvironment.ExitCode, Is.EqualTo(1), "PASTE_URL's server: it answers 404");
            Assert.That(fromFlag.ExitCode, Is.EqualTo(1), "--url's server: it answers 404");
        }
    }

    [TestCase("--secret", "s3cret", "needs its key id")]
    [TestCase("--private-key", "bm90IGEga2V5", "needs its key id")]
    [TestCase("--cert", "/no/such/cert.pem", "Cannot read the client certificate")]
    [TestCase("--url", "ftp://example.com/", "not an absolute http or https URL")]
    public async Task Incomplete_or_unreadable_settings_are_a_usage_error(string option, string value, string message)
    {
        var result = await PasteAsync(["info", "AAAAAAAAAAAAAAAA", option, value]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.Contain(message));
        }
    }

    [Test]
    public async Task A_private_key_that_is_not_ed25519_is_a_usage_error()
    {
        var result = await PasteAsync(["info", "AAAAAAAAAAAAAAAA", "--key-id", "cl_x", "--private-key", "bm90IGEga2V5"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.Contain("not base64 of a 32-byte Ed25519 key"));
        }
    }

    private static string Id(CliResult created)
    {
        Assert.That(created.ExitCode, Is.Zero, created.ToString());
        using var answer = JsonDocument.Parse(created.Output);
        return answer.RootElement.GetProperty("id").GetString()!;
    }

    private static string? Owner(CliResult created)
    {
        using var answer = JsonDocument.Parse(created.Output);
        return answer.RootElement.TryGetProperty("owner", out var owner) ? owner.GetString() : null;
    }
}
