namespace Paste.Api.Tests.Support;

/// <summary>
/// Debian's podman, run as a program the way an operator types its commands. Its settings come from the environment
/// it inherits: .ci/run exports <c>CONTAINERS_CONF</c> with what the CI machines need. Without podman the test is
/// ignored on a developer's machine and fails in CI (where the <c>CI</c> variable is set), since .ci/run installs it.
/// </summary>
public static class Podman
{
    /// <summary>Long enough for an image build on a loaded machine, restore and publish included.</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);

    private static readonly Lazy<Task<bool>> Installed = new(async () =>
        (await ExternalProcess.RunAsync("/bin/bash", ["-c", "command -v podman"])).ExitCode == 0);

    /// <summary>Ignores (developer machine) or fails (CI) the test when podman is not installed.</summary>
    public static async Task RequireAsync()
    {
        if (await Installed.Value)
        {
            return;
        }

        const string reason = "'podman' is needed by this test and is not installed (apt-get install podman runc; .ci/run installs them when missing).";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
    }

    /// <summary>Runs <c>podman</c> with <paramref name="arguments"/> to its end, whatever its exit code.</summary>
    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        ExternalProcess.RunAsync("podman", arguments, timeout: timeout);

    /// <summary>Runs <c>podman</c> and checks that it succeeded; returns its stdout, trimmed.</summary>
    public static async Task<string> CheckedAsync(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var list = arguments.ToList();
        var result = await RunAsync(list, timeout);
        Assert.That(result.ExitCode, Is.Zero, $"podman {string.Join(' ', list)}{Environment.NewLine}{result}");
        return result.StandardOutput.Trim();
    }
}
