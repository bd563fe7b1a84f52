using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Paste.Api.Tests.Support;

/// <summary>How a finished process ended and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{StandardOutput}{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}";

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

/// <summary>
/// A child process that this test started, with its output collected as it comes. Disposing it kills the process
/// (and only it, with its own children) if it is still running.
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();
    private readonly string description;

    private ExternalProcess(Process process, string description)
    {
        this.process = process;
        this.description = description;
    }

    /// <summary>Everything written to stdout so far.</summary>
    public string StandardOutput
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    /// <summary>The operating system's id of the process, the one <see cref="Kill"/> and <see cref="Terminate"/> signal.</summary>
    public int ProcessId => process.Id;

    /// <summary>Starts <paramref name="fileName"/>; fails the test with a clear message when it cannot be found.</summary>
    public static ExternalProcess Start(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        var description = $"{fileName} {string.Join(' ', info.ArgumentList)}";
        var process = new Process { StartInfo = info };
        var started = new ExternalProcess(process, description);
        process.OutputDataReceived += (_, line) => Append(started.output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(started.error, line.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            Assert.Fail($"Could not start '{fileName}' ({exception.Message}); it must be installed and on PATH.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Runs <paramref name="fileName"/> to its end, within <paramref name="timeout"/> (else it is killed and the test fails).</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        await using var running = Start(fileName, arguments, environment, workingDirectory);
        return await running.WaitForExitAsync(timeout ?? DefaultTimeout);
    }

    /// <summary>Runs a bash command line (pipes and all) and checks that it succeeded; returns its stdout.</summary>
    public static async Task<string> BashAsync(string commandLine, string workingDirectory)
    {
        var result = await RunAsync("/bin/bash", ["-c", commandLine], workingDirectory: workingDirectory);
        Assert.That(result.ExitCode, Is.Zero, $"bash -c {commandLine}{Environment.NewLine}{result}");
        return result.StandardOutput;
    }

    /// <summary>Fails with a clear message when a program the test needs is not installed (CI installs openssl and curl).</summary>
    public static async Task RequireAsync(string program)
    {
        var result = await RunAsync("/bin/bash", ["-c", $"command -v {program}"]);
        Assert.That(result.ExitCode, Is.Zero, $"'{program}' is needed by this test and is not installed (apt-get install {program})");
    }

    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"'{description}' did not finish within {timeout.TotalSeconds:0} s; output so far: {Result(-1)}");
        }

        // WaitForExitAsync returns after the output streams have been read to their end.
        return Result(process.ExitCode);
    }

    /// <summary>Asks the process to stop, as a service manager does: SIGTERM, which it may handle.</summary>
    public void Terminate()
    {
        const int sigterm = 15;
        if (!process.HasExited && SendSignal(process.Id, sigterm) != 0)
        {
            Assert.Fail($"SIGTERM to {process.Id} failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Ends the process at once, as SIGKILL does: no shutdown code of its own runs.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(limit.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        catch (OperationCanceledException)
        {
            // Killed but not yet reaped; nothing more a test can do.
        }
        finally
        {
            process.Dispose();
        }
    }

    public override string ToString() => $"{description}: {Result(HasExited ? process.ExitCode : -1)}";

    private ProcessResult Result(int exitCode)
    {
        lock (error)
        {
            return new ProcessResult(exitCode, StandardOutput, error.ToString());
        }
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
