using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Deployment;

/// <summary>
/// deploy/Dockerfile's runtime settings, run on this host without a container (<see cref="ContainerRunTests"/> runs
/// the image itself with podman): the service with the image's environment keeps its database and every key in the volume (a temporary folder stands for /data) and
/// nothing in its working directory, an operator command run as <c>docker exec</c> runs it finds the same data, and
/// the image's HEALTHCHECK command passes against it. Only the listening address is moved to 127.0.0.1 and a free port.
/// </summary>
public sealed partial class ContainerImageTests
{
    private const string Volume = "/data";

    private static readonly string DockerfilePath = Path.Combine(BuildLocations.RepositoryRoot(), "deploy", "Dockerfile");

    private string directory = null!;
    private string dataDirectory = null!;
    private string workingDirectory = null!;
    private int port;
    private Dictionary<string, string?> environment = null!;

    [SetUp]
    public async Task SetUp()
    {
        directory = Directory.CreateTempSubdirectory("paste-image-").FullName;
        dataDirectory = Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
        workingDirectory = Directory.CreateDirectory(Path.Combine(directory, "app")).FullName;
        port = LoopbackPort.Free();

        var image = RuntimeStage(await File.ReadAllTextAsync(DockerfilePath));
        environment = ImageEnvironment(image).ToDictionary(
            setting => setting.Key,
            setting => (string?)setting.Value.Replace(Volume, dataDirectory, StringComparison.Ordinal));
        Assert.That(environment, Does.ContainKey("ASPNETCORE_URLS"), "the image sets its listening address");
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    }

    [TearDown]
    public void TearDown() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task The_images_settings_keep_the_database_and_every_key_in_the_volume()
    {
        await using (var service = await StartServiceAsync())
        {
            var added = await ExternalProcess.RunAsync(
                BuildLocations.DotnetHost, [PasteExecutable.AssemblyPath, "clients", "add", "image test"], environment, workingDirectory: workingDirectory);
            Assert.That(added.Json().GetProperty("key_id").GetString(), Does.StartWith("cl_"));
            var listed = await ExternalProcess.RunAsync(
                BuildLocations.DotnetHost, [PasteExecutable.AssemblyPath, "clients", "list"], environment, workingDirectory: workingDirectory);
            Assert.That(listed.Json().GetArrayLength(), Is.EqualTo(1), "the operator command and the service share the volume's database");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.Exists(Path.Combine(dataDirectory, "paste.db")), Is.True, "the database");
            Assert.That(File.Exists(Path.Combine(dataDirectory, "webhook.key")), Is.True, "the webhook signing key");
            Assert.That(File.Exists(Path.Combine(dataDirectory, "box.key")), Is.True, "the /v1 box key");
            Assert.That(Directory.EnumerateFiles(Path.Combine(dataDirectory, "keys")), Is.Not.Empty, "the client key ring");
            Assert.That(Directory.EnumerateFileSystemEntries(workingDirectory), Is.Empty, "nothing is kept outside the volume");
        }
    }

    [Test]
    public async Task The_images_health_check_passes_against_the_running_service()
    {
        var command = HealthCheckCommand(RuntimeStage(await File.ReadAllTextAsync(DockerfilePath)));
        Assert.That(command, Has.Length.GreaterThanOrEqualTo(2).And.Contains("/app/Paste.Api.dll"), "HEALTHCHECK CMD runs the service's own health command");
        var arguments = command.Skip(1)
            .Select(argument => argument == "/app/Paste.Api.dll" ? PasteExecutable.AssemblyPath : argument)
            .ToList();

        await using var service = await StartServiceAsync();
        // In the image's environment, as a container's health check runs: the listening address moved with it.
        var check = await ExternalProcess.RunAsync(BuildLocations.DotnetHost, arguments, environment, workingDirectory: workingDirectory);

        Assert.That(check.ExitCode, Is.Zero, check.ToString());
    }

    private async Task<ExternalProcess> StartServiceAsync()
    {
        var service = ExternalProcess.Start(BuildLocations.DotnetHost, [PasteExecutable.AssemblyPath], environment, workingDirectory);
        using var client = new HttpClient();
        await PasteExecutable.WaitUntilHealthyAsync(service, client, new Uri($"http://127.0.0.1:{port}"));
        return service;
    }

    /// <summary>The instructions after the last FROM, one per logical line (continuations joined).</summary>
    private static List<string> RuntimeStage(string dockerfile)
    {
        var lines = Continuation().Replace(dockerfile, " ").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        return lines.Skip(lines.FindLastIndex(line => line.StartsWith("FROM ", StringComparison.Ordinal)) + 1).ToList();
    }

    private static IEnumerable<KeyValuePair<string, string>> ImageEnvironment(IEnumerable<string> stage) =>
        stage.Where(line => line.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(line => EnvSetting().Matches(line[4..]))
            .Select(match => KeyValuePair.Create(match.Groups["key"].Value, match.Groups["value"].Value));

    private static string[] HealthCheckCommand(IEnumerable<string> stage)
    {
        var healthCheck = stage.SingleOrDefault(line => line.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.That(healthCheck, Is.Not.Null, "the image has a HEALTHCHECK");
        var command = HealthCheckExec().Match(healthCheck!);
        Assert.That(command.Success, Is.True, $"HEALTHCHECK runs CMD [\"...\"] in exec form: {healthCheck}");
        return JsonSerializer.Deserialize<string[]>(command.Groups["json"].Value)!;
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex Continuation();

    [GeneratedRegex("""(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?:"(?<value>[^"]*)"|(?<value>\S*))""")]
    private static partial Regex EnvSetting();

    [GeneratedRegex(@"\bCMD\s+(?<json>\[.*\])\s*$")]
    private static partial Regex HealthCheckExec();
}
