using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Paste.Cli.Tests.Support;

namespace Paste.Cli.Tests;

/// <summary>
/// The tool as a person gets it: packed by <c>dotnet pack</c>, installed by <c>dotnet tool install</c> from that one
/// package into an empty tool path, and run as its own process. The other tests call the entry point in-process; only
/// this one would see a dependency missing from the package or a version that prints wrong.
/// </summary>
public sealed class PackagedToolTests(StorageProvider provider) : CliFixture(provider)
{
    // Measured on 2 shared cores: the pack builds three projects from nothing in 20 to 50 s; the install takes 1 s.
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    private string workDirectory = null!;
    private string toolPath = null!;

    /// <summary>The version the tool is built with, from the assembly the tests reference: 1.0.0.</summary>
    private static string Version =>
        typeof(PasteCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [OneTimeSetUp]
    public async Task PackAndInstallTheTool()
    {
        workDirectory = Directory.CreateTempSubdirectory("paste-tool-").FullName;
        toolPath = Path.Combine(workDirectory, "tools");
        var packages = Path.Combine(workDirectory, "packages");
        var root = BuildLocations.RepositoryRoot();
        var stopwatch = Stopwatch.StartNew();

        // Release, as the README packs it, and every bin/ and obj/ under this test's own directory (ArtifactsPath), so
        // the pack neither writes into the clone (artifacts/ included) nor races the build these tests run from.
        // No build server or MSBuild node outlives the pack: nothing is left running that this test did not end.
        var pack = await ChildProcess.RunAsync(
            BuildLocations.DotnetHost,
            [
                "pack", Path.Combine(root, "src", "Paste.Cli", "Paste.Cli.csproj"),
                "--configuration", "Release",
                "--output", packages,
                "--nologo",
                "-nodeReuse:false",
                "-p:UseSharedCompilation=false",
                $"-p:ArtifactsPath={Path.Combine(workDirectory, "build")}",
            ],
            PackTimeout,
            root,
            DotnetEnvironment());
        Assert.That(pack.ExitCode, Is.Zero, pack.ToString());
        Assert.That(Path.Combine(packages, $"Paste.Cli.{Version}.nupkg"), Does.Exist, pack.ToString());

        // Only the package just made is a source (nuget.org is cleared): the install succeeds only if the package
        // carries every dependency itself, as a tool package must.
        var config = Path.Combine(workDirectory, "nuget.config");
        await File.WriteAllTextAsync(config, "<configuration><packageSources><clear /></packageSources></configuration>");
        var install = await ChildProcess.RunAsync(
            BuildLocations.DotnetHost,
            ["tool", "install", "--tool-path", toolPath, "--configfile", config, "--add-source", packages, "Paste.Cli", "--version", Version],
            InstallTimeout,
            workDirectory,
            DotnetEnvironment());
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        TestContext.Progress.WriteLine($"{nameof(PackagedToolTests)}: pack {pack.Elapsed.TotalSeconds:0.0} s, install {install.Elapsed.TotalSeconds:0.0} s, both {stopwatch.Elapsed.TotalSeconds:0.0} s");
    }

    [OneTimeTearDown]
    public void RemoveTheTool()
    {
        if (Directory.Exists(workDirectory))
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    [Test]
    public async Task The_installed_tool_prints_a_clean_version_and_its_help()
    {
        var version = await RunToolAsync(["--version"]);
        var help = await RunToolAsync(["--help"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Version, Does.Match(@"^\d+\.\d+\.\d+$"), "no +commit suffix: the package records its commit itself");
            Assert.That(version.ExitCode, Is.Zero, version.ToString());
            Assert.That(version.StandardOutput, Is.EqualTo(Version + "\n"), version.ToString());
            Assert.That(help.ExitCode, Is.Zero, help.ToString());
            Assert.That(help.StandardOutput, Does.Match(@"Usage:\s+paste \["), "the usage line names the command 'paste'");
            Assert.That(help.StandardOutput, Does.Contain("keygen"), help.ToString());
        }
    }

    [Test]
    public async Task The_installed_tool_signs_with_a_key_it_made_and_gets_and_removes_its_paste()
    {
        // keygen and signing need NSec and its native libsodium; creating and reading need Paste.Client.
        var keygen = await RunToolAsync(["keygen"]);
        Assert.That(keygen.ExitCode, Is.Zero, keygen.ToString());
        using var keys = JsonDocument.Parse(keygen.StandardOutput);
        var (keyId, _) = await AddClientAsync("packaged-tool", keys.RootElement.GetProperty("public_key").GetString());
        var identity = new Dictionary<string, string?>
        {
            ["PASTE_KEY_ID"] = keyId,
            ["PASTE_PRIVATE_KEY"] = keys.RootElement.GetProperty("private_key").GetString(),
        };

        var created = await RunToolAsync([], identity, TestData.Utf8("from the packed tool\n"));
        var url = created.StandardOutput.TrimEnd('\n');
        var read = await RunToolAsync(["get", url]);
        var removed = await RunToolAsync(["rm", url], identity);
        var gone = await RunToolAsync(["get", url]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.ExitCode, Is.Zero, created.ToString());
            Assert.That(url, Does.StartWith(ServerUrl), created.ToString());
            Assert.That(read.StandardOutput, Is.EqualTo("from the packed tool\n"), read.ToString());
            Assert.That(removed.ExitCode, Is.Zero, "only the owner may remove it: the create was signed. " + removed);
            Assert.That(gone.ExitCode, Is.EqualTo(1), gone.ToString());
        }
    }

    /// <summary>
    /// Runs the installed <c>paste</c> against this fixture's server, with a config directory of its own and no identity
    /// but <paramref name="identity"/>, whatever the environment running the tests holds.
    /// </summary>
    private Task<ChildProcessResult> RunToolAsync(string[] arguments, IReadOnlyDictionary<string, string?>? identity = null, byte[]? input = null)
    {
        var environment = DotnetEnvironment();
        environment["PASTE_URL"] = ServerUrl;
        environment["PASTE_KEY_ID"] = null;
        environment["PASTE_SECRET"] = null;
        environment["PASTE_PRIVATE_KEY"] = null;
        environment["XDG_CONFIG_HOME"] = Path.Combine(workDirectory, "config");
        foreach (var (name, value) in identity ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        return ChildProcess.RunAsync(Path.Combine(toolPath, "paste"), arguments, RunTimeout, workDirectory, environment, input);
    }

    /// <summary>
    /// Quiet dotnet commands, and DOTNET_ROOT set to the runtime running these tests: the tool's launcher looks there
    /// first, so it finds that runtime even where it is not installed in a standard place.
    /// </summary>
    private static Dictionary<string, string?> DotnetEnvironment()
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };
        if (Path.IsPathRooted(BuildLocations.DotnetHost))
        {
            var host = new FileInfo(BuildLocations.DotnetHost);
            environment["DOTNET_ROOT"] = Path.GetDirectoryName(host.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host.FullName);
        }

        return environment;
    }
}
