using System.Diagnostics;
using System.Text.Json;

namespace Paste.Api.Tests.Support;

/// <summary>How a process this test started ended.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout: {StandardOutput}\nstderr: {StandardError}";

    /// <summary>Checks a zero exit code and parses stdout as JSON.</summary>
    public JsonElement Json()
    {
        Assert.That(ExitCode, Is.Zero, ToString());
        try
        {
            using var document = JsonDocument.Parse(StandardOutput);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            Assert.Fail($"stdout is not JSON ({exception.Message}): {StandardOutput}");
            throw;
        }
    }
}

/// <summary>Runs programs the way an operator would: the built service (<c>dotnet Paste.Api.dll ...</c>), bash, openssl.</summary>
public static class ExternalProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The built service, copied beside the test assembly by the project reference.</summary>
    public static string ApiDll => Path.Combine(AppContext.BaseDirectory, "Paste.Api.dll");

    /// <summary>The directory holding Paste.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Paste.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Paste.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// Runs <c>dotnet Paste.Api.dll ARGS</c> against the test database, with the same key ring and webhook key paths as
    /// <see cref="PasteApiFactory"/> uses for it, so the command line and a test server share their data.
    /// </summary>
    /// <param name="settings">More configuration, as <c>Paste:RateLimits:RequestsPerMinute</c> keys.</param>
    public static Task<ProcessResult> RunPasteAsync(TestDatabase database, IReadOnlyDictionary<string, string>? settings, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",

            // Should the service start after all, it listens only on an ephemeral loopback port until it is killed.
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Paste"] = database.ConnectionString,
            ["Paste__Signatures__KeyRingPath"] = Path.Combine(database.DirectoryPath, "keys"),
            ["Paste__Webhooks__SigningKeyPath"] = Path.Combine(database.DirectoryPath, "webhook.key"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return RunAsync(dotnet, [ApiDll, .. args], database.DirectoryPath, environment);
    }

    public static Task<ProcessResult> RunPasteAsync(TestDatabase database, params string[] args) => RunPasteAsync(database, null, args);

    /// <summary>Runs a program to its end (killing it, and failing the test, after a minute) and collects its output.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{fileName} {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s\nstdout: {await stdout}\nstderr: {await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a bash command line (pipes and all) and checks that it succeeded; returns its stdout.</summary>
    public static async Task<string> BashAsync(string commandLine, string workingDirectory)
    {
        var result = await RunAsync("/bin/bash", ["-c", commandLine], workingDirectory);
        Assert.That(result.ExitCode, Is.Zero, $"bash -c {commandLine}\n{result}");
        return result.StandardOutput;
    }

    /// <summary>Fails with a clear message when a program the test needs is not installed (CI installs openssl and curl).</summary>
    public static async Task RequireAsync(string program)
    {
        var result = await RunAsync("/bin/bash", ["-c", $"command -v {program}"], Path.GetTempPath());
        Assert.That(result.ExitCode, Is.Zero, $"'{program}' is needed by this test and is not installed (apt-get install {program})");
    }
}
