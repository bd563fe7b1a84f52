using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Paste.Api.Tests.Support;
using Paste.Application.Clients;
using Sodium;

namespace Paste.Api.Tests.ServerFunctions;

/// <summary>
/// The examples of docs/v1.md run for real: the C# client (compiled here as <see cref="V1Client"/>, shown in the doc
/// verbatim) against the in-memory service, with an operator function configured exactly as the doc configures it.
/// </summary>
public sealed partial class DocsV1ExampleTests(StorageProvider provider) : StoreFixture(provider)
{
    private const string CompiledNamespace = "namespace Paste.Api.Tests.ServerFunctions;";

    private static readonly string[] UpperSettings = ["Paste:V1:Functions:upper:Command", "Paste:V1:Functions:upper:Arguments:0", "Paste:V1:Functions:upper:Arguments:1"];

    private string workDirectory = null!;

    private static string Doc => File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot(), "docs", "v1.md"));

    [SetUp]
    public void CreateWorkDirectory()
    {
        workDirectory = Path.Combine(Path.GetTempPath(), $"paste-v1-docs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDirectory);
    }

    [TearDown]
    public void DeleteWorkDirectory() => Directory.Delete(workDirectory, recursive: true);

    [Test]
    public void The_doc_shows_the_csharp_client_exactly_as_it_is_compiled_here()
    {
        var compiled = File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot(), "tests", "Paste.Api.Tests", "ServerFunctions", "V1Client.cs"));
        Assert.That(compiled, Does.Contain($"\n\n{CompiledNamespace}\n"), "V1Client.cs keeps its namespace line, which the doc leaves out");

        var shown = compiled.Replace($"\n\n{CompiledNamespace}\n", "\n", StringComparison.Ordinal);

        Assert.That(Doc, Does.Contain($"```csharp\n{shown}```\n"));
    }

    [Test]
    public void The_doc_shows_the_python_client_exactly_as_it_is_shipped()
    {
        var script = File.ReadAllText(Path.Combine(BuildLocations.RepositoryRoot(), "docs", "v1_client.py"));

        Assert.That(Doc, Does.Contain($"```python\n{script}```\n"));
    }

    [Test]
    public async Task The_csharp_client_calls_time_test_with_key_files_read_as_the_doc_reads_them()
    {
        await using var factory = new PasteApiFactory(provider: Provider);
        await RegisterAndWriteFilesAsync(factory, "csharp docs client");
        using var http = factory.CreatePasteClient();

        // As the usage example of the doc: the files of the Python client, read and trimmed.
        var v1 = new V1Client(http, Key("client.key"), Key("server.pub"), File.ReadAllText(InWork("client.secret")).Trim());
        var value = await v1.CallAsync("time_test");

        Assert.That(value, Does.Match(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ 1-3]\d \d{2}:\d{2}:\d{2} \d{4}$"));
    }

    [Test]
    public async Task The_csharp_client_calls_the_function_that_the_docs_appsettings_example_configures()
    {
        await using var factory = new PasteApiFactory(AppSettingsExample(), provider: Provider);
        await RegisterAndWriteFilesAsync(factory, "csharp docs json");
        using var http = factory.CreatePasteClient();
        var v1 = new V1Client(http, Key("client.key"), Key("server.pub"), File.ReadAllText(InWork("client.secret")).Trim());

        var value = await v1.CallAsync("upper", "hello, world");

        Assert.That(value, Is.EqualTo("HELLO, WORLD"));
    }

    [Test]
    public async Task The_csharp_client_calls_the_function_that_the_docs_environment_variables_configure()
    {
        var settings = EnvironmentExample();
        Assert.That(settings.Keys, Is.EquivalentTo(UpperSettings));
        await using var factory = new PasteApiFactory(settings, provider: Provider);
        await RegisterAndWriteFilesAsync(factory, "csharp docs env");
        using var http = factory.CreatePasteClient();
        var v1 = new V1Client(http, Key("client.key"), Key("server.pub"), File.ReadAllText(InWork("client.secret")).Trim());

        var value = await v1.CallAsync("upper", "hello, world");

        Assert.That(value, Is.EqualTo("HELLO, WORLD"));
    }

    [Test]
    public async Task The_csharp_clients_calls_are_refused_with_401_once_it_is_revoked_and_no_restart()
    {
        await using var factory = new PasteApiFactory(provider: Provider);
        var keyId = await RegisterAndWriteFilesAsync(factory, "csharp docs revoked");
        using var http = factory.CreatePasteClient();
        var v1 = new V1Client(http, Key("client.key"), Key("server.pub"), File.ReadAllText(InWork("client.secret")).Trim());
        await v1.CallAsync("time_test");

        await factory.SendAsync(new RevokeClientCommand(keyId));
        var refused = Assert.ThrowsAsync<HttpRequestException>(() => v1.CallAsync("time_test"));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    /// <summary>
    /// Makes a key pair with Sodium.Core, registers it as <c>clients add --box-key</c> does, and writes the three files
    /// of the doc: client.key as <c>v1_client.py keygen</c> writes it, server.pub and client.secret as <c>jq -r</c> does.
    /// </summary>
    private async Task<string> RegisterAndWriteFilesAsync(PasteApiFactory factory, string name)
    {
        var keys = PublicKeyBox.GenerateKeyPair();
        var added = await factory.SendAsync(new AddClientCommand(name, null, Convert.ToBase64String(keys.PublicKey)));
        await File.WriteAllTextAsync(InWork("client.key"), Convert.ToBase64String(keys.PrivateKey));
        await File.WriteAllTextAsync(InWork("server.pub"), added.ServerPublicKey + "\n");
        await File.WriteAllTextAsync(InWork("client.secret"), added.Secret + "\n");
        return added.KeyId;
    }

    private string InWork(string file) => Path.Combine(workDirectory, file);

    /// <summary>The doc's <c>Key</c>, reading from the test's own directory instead of the current one.</summary>
    private byte[] Key(string file) => Convert.FromBase64String(File.ReadAllText(InWork(file)).Trim());

    /// <summary>The doc's appsettings.json example, as the configuration keys it sets.</summary>
    private static Dictionary<string, string?> AppSettingsExample()
    {
        var match = JsonBlock().Match(Doc);
        Assert.That(match.Success, Is.True, "docs/v1.md has a ```json block that configures Paste:V1:Functions");
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(match.Groups["json"].Value)))
            .Build();
        return configuration.AsEnumerable().Where(setting => setting.Value is not null).ToDictionary(setting => setting.Key, setting => setting.Value);
    }

    /// <summary>The doc's environment variables, as the configuration keys they set.</summary>
    private static Dictionary<string, string?> EnvironmentExample() =>
        EnvironmentLine().Matches(Doc).ToDictionary(line => line.Groups["name"].Value.Replace("__", ":", StringComparison.Ordinal), line => (string?)line.Groups["value"].Value);

    [GeneratedRegex("```json\n(?<json>\\{\n  \"Paste\": \\{\n    \"V1\": \\{\n      \"Functions\".*?\n\\})\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"^(?<name>Paste__V1__\S+)=(?<value>\S+) \\$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentLine();
}
