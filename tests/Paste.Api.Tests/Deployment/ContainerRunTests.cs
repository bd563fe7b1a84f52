using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Deployment;

/// <summary>
/// deploy/Dockerfile built and run with podman, as an operator without a registry does: on the base images
/// deploy/local-base-images.sh makes from Debian and this machine's .NET (made once, then kept for the next runs),
/// with NuGet packages from this machine's package folder, since the build cannot reach nuget.org here. The container
/// runs on the host's network with a named volume for /data; only its listening address is moved to a free port on
/// 127.0.0.1 (ASPNETCORE_URLS, as <c>docker run -e</c> would). The image, the container and the volume are this
/// fixture's own, by name, and removed at its end; the build keeps no intermediate layers, which would otherwise pile up
/// on a CI machine at every change of the sources, so only the base images stay from one run to the next.
/// </summary>
[NonParallelizable]
public sealed class ContainerRunTests
{
    private const string AppUid = "1654";

    private static readonly TimeSpan BaseImagesTimeout = TimeSpan.FromMinutes(15);

    /// <summary>What deploy/local-base-images.sh prints: deploy/Dockerfile's two build arguments.</summary>
    private static readonly string[] BaseImageArguments = ["SDK_IMAGE", "RUNTIME_IMAGE"];

    /// <summary>The keys the service keeps at the top of the volume (the key ring is the folder keys/).</summary>
    private static readonly string[] KeyFileNames = ["webhook.key", "box.key"];

    private readonly string container = $"paste-test-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    private string image = null!;
    private string volume = null!;
    private string directory = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task BuildTheImageAndStartIt()
    {
        await Podman.RequireAsync();
        image = $"localhost/{container}";
        volume = container + "-data";
        directory = Directory.CreateTempSubdirectory("paste-container-").FullName;
        var repository = BuildLocations.RepositoryRoot();

        var bases = await ExternalProcess.RunAsync(
            Path.Combine(repository, "deploy", "local-base-images.sh"), [], timeout: BaseImagesTimeout, workingDirectory: repository);
        Assert.That(bases.ExitCode, Is.Zero, $"deploy/local-base-images.sh{Environment.NewLine}{bases}");
        var buildArguments = bases.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(buildArguments.Select(line => line.Split('=')[0]), Is.EquivalentTo(BaseImageArguments), bases.ToString());

        await BuildImageAsync(repository, buildArguments);

        await Podman.CheckedAsync(["volume", "create", volume]);
        var port = LoopbackPort.Free();
        await Podman.CheckedAsync(["run", "--detach", "--name", container, "--network=host", "--volume", $"{volume}:/data", "--env", $"ASPNETCORE_URLS=http://127.0.0.1:{port}", image]);
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        await WaitUntilHealthyAsync();
    }

    [OneTimeTearDown]
    public async Task RemoveTheImageTheContainerAndTheVolume()
    {
        client?.Dispose();
        if (volume is not null)
        {
            await Podman.RunAsync(["rm", "--force", "--time", "5", container]);
            await Podman.RunAsync(["volume", "rm", "--force", volume]);
            await Podman.RunAsync(["rmi", "--force", image]);
        }

        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task The_images_health_check_passes_and_the_service_runs_as_the_user_app()
    {
        var check = await Podman.RunAsync(["healthcheck", "run", container]);
        var status = await Podman.CheckedAsync(["inspect", "--format", "{{.State.Health.Status}}", container]);
        var processId = await Podman.CheckedAsync(["inspect", "--format", "{{.State.Pid}}", container]);
        var identity = await File.ReadAllLinesAsync($"/proc/{processId}/status");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(check.ExitCode, Is.Zero, check.ToString());
            Assert.That(status, Is.EqualTo("healthy"));
            // Real, effective, saved and file-system ids: no root rights held back anywhere.
            Assert.That(identity, Has.One.Matches<string>(line => line.Split(':', '\t', ' ').Where(part => part.Length > 0).SequenceEqual(["Uid", AppUid, AppUid, AppUid, AppUid])), string.Join('\n', identity));
            Assert.That(identity, Has.One.Matches<string>(line => line.Split(':', '\t', ' ').Where(part => part.Length > 0).SequenceEqual(["Gid", AppUid, AppUid, AppUid, AppUid])), string.Join('\n', identity));
        }
    }

    [Test]
    public async Task A_paste_created_over_http_reads_back_and_an_operator_command_runs_inside()
    {
        var id = await CreatePasteAsync("made in the container\n");

        var read = await client.GetStringAsync($"/{id}/raw");
        var added = await ExecAsync("clients", "add", "container test");
        var listed = await ExecAsync("clients", "list");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read, Is.EqualTo("made in the container\n"));
            Assert.That(added.GetProperty("key_id").GetString(), Does.StartWith("cl_"));
            Assert.That(
                listed.EnumerateArray().Select(entry => entry.GetProperty("key_id").GetString()),
                Does.Contain(added.GetProperty("key_id").GetString()),
                "the operator command and the service share the volume's database");
        }
    }

    [Test]
    public async Task A_restart_keeps_the_pastes_the_clients_and_every_key_in_the_volume()
    {
        var id = await CreatePasteAsync("kept across a restart\n");
        var added = (await ExecAsync("clients", "add", "restart test")).GetProperty("key_id").GetString();
        var data = await Podman.CheckedAsync(["volume", "inspect", "--format", "{{.Mountpoint}}", volume]);
        var keysBefore = KeyFiles(data);
        Assert.That(keysBefore.Keys, Has.Member("webhook.key").And.Member("box.key").And.Some.StartsWith("keys/"), "the webhook key, the box key and the key ring");

        await Podman.CheckedAsync(["restart", "--time", "10", container]);
        await WaitUntilHealthyAsync();

        var read = await client.GetStringAsync($"/{id}/raw");
        var listed = await ExecAsync("clients", "list");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read, Is.EqualTo("kept across a restart\n"));
            Assert.That(listed.EnumerateArray().Select(entry => entry.GetProperty("key_id").GetString()), Does.Contain(added));
            Assert.That(KeyFiles(data), Is.EquivalentTo(keysBefore), "the same key files, unchanged");
        }
    }

    private async Task BuildImageAsync(string repository, IEnumerable<string> buildArguments)
    {
        // The build cannot reach nuget.org from here, so the restore takes every package from this machine's package
        // folder, which holds them all once the tests are built; with no source at all, NuGet asks no one for the
        // vulnerability data it would otherwise fail on.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var nugetConfig = Path.Combine(directory, "NuGet.Config");
        await File.WriteAllTextAsync(nugetConfig, """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);

        await Podman.CheckedAsync(
        [
            "build", "--format", "docker", "--layers=false",
            .. buildArguments.SelectMany(argument => new[] { "--build-arg", argument }),
            "--volume", $"{packages}:/root/.nuget/packages:ro",
            "--volume", $"{nugetConfig}:/root/.nuget/NuGet/NuGet.Config:ro",
            "--file", Path.Combine(repository, "deploy", "Dockerfile"),
            "--tag", image,
            repository,
        ],
            Podman.BuildTimeout);
    }

    /// <summary>Runs the image's HEALTHCHECK command until it passes, as the engine's own timer would.</summary>
    private async Task WaitUntilHealthyAsync() =>
        await Eventually.ReturnsAsync(
            async () =>
            {
                var check = await Podman.RunAsync(["healthcheck", "run", container]);
                return check.ExitCode == 0 ? (Passed: true, Seen: "") : (Passed: false, Seen: $"{check}{Environment.NewLine}container log: {await Podman.RunAsync(["logs", "--tail", "50", container])}");
            },
            check => check.Passed,
            "the image's HEALTHCHECK to pass",
            check => check.Seen,
            TimeSpan.FromSeconds(90));

    private async Task<string> CreatePasteAsync(string content)
    {
        using var response = await client.PostAsync("/", new StringContent(content, Encoding.UTF8, "text/plain"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("id").GetString()!;
    }

    /// <summary>An operator command as <c>podman exec</c> runs it: in the container, with its user and environment.</summary>
    private async Task<JsonElement> ExecAsync(params string[] arguments) =>
        (await Podman.RunAsync(["exec", container, "dotnet", "/app/Paste.Api.dll", .. arguments])).Json();

    /// <summary>The volume's key files, by path inside it, with a hash of their content.</summary>
    private static Dictionary<string, string> KeyFiles(string data) =>
        KeyFileNames
            .Select(name => Path.Combine(data, name))
            .Where(File.Exists)
            .Concat(Directory.Exists(Path.Combine(data, "keys")) ? Directory.EnumerateFiles(Path.Combine(data, "keys"), "*", SearchOption.AllDirectories) : [])
            .ToDictionary(
                path => Path.GetRelativePath(data, path),
                path => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
}
