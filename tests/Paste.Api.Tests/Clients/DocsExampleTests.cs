using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;
using Paste.Application.Clients;
using Paste.Client;

namespace Paste.Api.Tests.Clients;

/// <summary>The examples in docs/ run for real: the shell script with curl and openssl, and Paste.Client's signing handler.</summary>
public sealed class DocsExampleTests(StorageProvider provider) : StoreFixture(provider)
{
    private PasteApiFactory factory = null!;
    private HttpClient client = null!;
    private string workDirectory = null!;

    [OneTimeSetUp]
    public async Task StartKestrel()
    {
        await ExternalProcess.RequireAsync("openssl");
        await ExternalProcess.RequireAsync("curl");
        factory = new PasteApiFactory(useKestrel: true, provider: Provider);
        client = factory.CreatePasteClient();
        workDirectory = Path.Combine(factory.Database.DirectoryPath, "docs-example");
        Directory.CreateDirectory(workDirectory);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        client.Dispose();
        await factory.DisposeAsync();
    }

    private static string Script => Path.Combine(BuildLocations.RepositoryRoot(), "docs", "sign-request.sh");

    /// <summary>Runs docs/sign-request.sh KEY_ID CREDENTIAL METHOD URL [BODY_FILE] with bash; returns what it printed.</summary>
    private async Task<string> SignRequestAsync(string keyId, string credential, string method, string path, string? bodyFile = null)
    {
        string[] args = [Script, keyId, credential, method, new Uri(client.BaseAddress!, path).ToString(), .. bodyFile is null ? Array.Empty<string>() : [bodyFile]];
        var result = await ExternalProcess.RunAsync("/bin/bash", args, workingDirectory: workDirectory);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return result.StandardOutput;
    }

    private static JsonElement Json(string output)
    {
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private async Task CreateAndDeleteWithTheScriptAsync(string keyId, string credential)
    {
        var body = Path.Combine(workDirectory, $"notes-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(body, "notes from the shell example\n");

        var created = Json(await SignRequestAsync(keyId, credential, "POST", "/", body));

        Assert.That(created.GetProperty("owner").GetString(), Is.EqualTo(keyId), created.ToString());
        var id = created.GetProperty("id").GetString()!;
        Assert.That(await client.GetRawBytesAsync(id), Is.EqualTo(await File.ReadAllBytesAsync(body)));

        var deleted = Json(await SignRequestAsync(keyId, credential, "DELETE", $"/{id}"));

        Assert.That(deleted.GetProperty("message").GetString(), Is.EqualTo("Paste deleted"), deleted.ToString());
        Assert.That(await client.StatusOfAsync($"/{id}"), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_shell_example_signs_with_an_hmac_secret()
    {
        var added = await factory.SendAsync(new AddClientCommand("shell hmac", null));

        await CreateAndDeleteWithTheScriptAsync(added.KeyId, added.Secret!);
    }

    [Test]
    public async Task The_shell_example_signs_with_an_ed25519_pem_key()
    {
        // The recipe of docs/signing.md: an openssl key pair, its raw public key registered in base64.
        var pem = Path.Combine(workDirectory, "client.pem");
        await ExternalProcess.BashAsync($"openssl genpkey -algorithm ed25519 -out '{pem}'", workDirectory);
        var publicKey = (await ExternalProcess.BashAsync($"openssl pkey -in '{pem}' -pubout -outform DER | tail -c 32 | base64", workDirectory)).Trim();
        var added = await factory.SendAsync(new AddClientCommand("shell ed25519", publicKey));

        await CreateAndDeleteWithTheScriptAsync(added.KeyId, pem);
    }

    [Test]
    public async Task The_shell_examples_signature_with_a_wrong_secret_is_refused()
    {
        var key = await factory.AddHmacClientAsync("shell wrong secret");

        var refused = Json(await SignRequestAsync(key.KeyId, "not-the-secret", "GET", "/health"));

        Assert.That(refused.GetProperty("error").GetString(), Is.EqualTo(RequestSigner.RefusalMessage));
        Assert.That(refused.GetProperty("status").GetInt32(), Is.EqualTo(401));
    }

    [Test]
    public async Task The_signing_handler_creates_and_deletes_with_an_hmac_secret()
    {
        var added = await factory.SendAsync(new AddClientCommand("csharp hmac", null));
        var handler = SignedRequestHandler.WithSecret(added.KeyId, added.Secret!);
        handler.InnerHandler = new HttpClientHandler();
        using var signed = new HttpClient(handler) { BaseAddress = client.BaseAddress };

        await CreateAndDeleteWithTheHandlerAsync(signed, added.KeyId);
    }

    [Test]
    public async Task The_signing_handler_creates_and_deletes_with_an_ed25519_key()
    {
        var privateKey = Ed25519Keys.NewPrivateKey();
        var key = await factory.AddEd25519ClientAsync(privateKey, "csharp ed25519");
        using var signed = new HttpClient(new SignedRequestHandler(key.KeyId, SignedRequestHandler.Ed25519, data => Ed25519Keys.Sign(privateKey, data)) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = client.BaseAddress,
        };

        await CreateAndDeleteWithTheHandlerAsync(signed, key.KeyId);
    }

    [Test]
    public async Task The_signing_handler_works_with_the_in_memory_server()
    {
        await using var inMemory = new PasteApiFactory(provider: Provider);
        var added = await inMemory.SendAsync(new AddClientCommand("csharp in memory", null));
        var handler = SignedRequestHandler.WithSecret(added.KeyId, added.Secret!);
        handler.InnerHandler = inMemory.Server.CreateHandler();
        using var signed = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };

        await CreateAndDeleteWithTheHandlerAsync(signed, added.KeyId);
    }

    private static async Task CreateAndDeleteWithTheHandlerAsync(HttpClient signed, string keyId)
    {
        using var created = await signed.PostAsync(new Uri("/", UriKind.Relative), new ByteArrayContent(TestData.Utf8("notes from the C# example")));
        var paste = await PasteApi.ReadCreatedAsync(created);
        Assert.That(paste.Body.GetProperty("owner").GetString(), Is.EqualTo(keyId));

        using var deleted = await signed.DeleteAsync(new Uri($"/{paste.Id}", UriKind.Relative));
        var body = await ResponseAssert.JsonAsync(deleted, HttpStatusCode.OK);
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Paste deleted"));
    }
}
