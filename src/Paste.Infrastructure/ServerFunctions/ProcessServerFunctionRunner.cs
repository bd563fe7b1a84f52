using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Paste.Application.ServerFunctions;

namespace Paste.Infrastructure.ServerFunctions;

/// <summary>
/// Runs an operator function as a child process: no shell, the configured arguments and environment only, the
/// call's args on standard input, standard output read up to the function's limit. The function starts under
/// <c>setsid</c>, so that it leads a process group of its own; when the call ends (the function exited, outlived its
/// timeout or wrote past its limit) the whole group is killed, background processes it left behind included, even
/// those reparented away from it. Only a process that leaves the group on purpose (its own <c>setsid</c>) escapes;
/// that one is the operator's to contain (the service unit's control group does).
/// </summary>
internal sealed class ProcessServerFunctionRunner : IServerFunctionRunner
{
    private const string SessionLeader = "setsid";
    private const int KillSignal = 9;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<string> RunAsync(string name, ServerFunctionSettings settings, string input, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo(ExecutablePath(name, settings.Command), settings) };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new ServerFunctionFailedException(name, $"'{settings.Command}' could not be started: {exception.Message}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        try
        {
            // Standard error is drained so that a chatty function cannot block on a full pipe; it is not kept, since
            // it may echo what the caller sent.
            var discardErrors = process.StandardError.BaseStream.CopyToAsync(Stream.Null, deadline.Token);
            var output = ReadOutputAsync(process.StandardOutput.BaseStream, settings.MaxOutputBytes, deadline.Token);
            await WriteInputAsync(process, input, deadline.Token);
            var exited = process.WaitForExitAsync(deadline.Token);
            if (await Task.WhenAny(output, exited) == output && await output is null)
            {
                throw new ServerFunctionFailedException(name, $"it wrote more than {settings.MaxOutputBytes} bytes");
            }

            await exited;

            // What the function left running in the background goes with it, and so do the pipes it held open.
            KillProcessGroup(process);
            var value = await output
                ?? throw new ServerFunctionFailedException(name, $"it wrote more than {settings.MaxOutputBytes} bytes");
            await discardErrors;
            // Trailing line ends go, as a shell's $(...) drops them: they end a program's output, not its value.
            return process.ExitCode == 0
                ? Utf8.GetString(value).TrimEnd('\r', '\n')
                : throw new ServerFunctionFailedException(name, $"it exited with status {process.ExitCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerFunctionFailedException(name, $"it ran longer than {settings.Timeout}");
        }
        finally
        {
            KillProcessGroup(process);
        }
    }

    /// <summary>
    /// The command as a full path, looked up on the service's PATH when it is a bare name: <c>setsid</c> runs it
    /// with the function's own environment, which has no PATH unless the operator gives one.
    /// </summary>
    private static string ExecutablePath(string name, string command)
    {
        var path = command.Contains('/', StringComparison.Ordinal)
            ? Path.GetFullPath(command)
            : (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, command))
                .FirstOrDefault(File.Exists);
        return path is not null && File.Exists(path)
            ? path
            : throw new ServerFunctionFailedException(name, $"'{command}' could not be started: no such file");
    }

    /// <summary>
    /// Kills every process of the group the function leads. The group's id is the function's process id, which the
    /// system gives to no new process while a member of the group lives; once the group is empty this does nothing.
    /// </summary>
    private static void KillProcessGroup(Process process) => _ = SendSignal(-process.Id, KillSignal);

    private static ProcessStartInfo StartInfo(string executable, ServerFunctionSettings settings)
    {
        var start = new ProcessStartInfo(SessionLeader)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = settings.WorkingDirectory,
        };
        start.ArgumentList.Add(executable);
        foreach (var argument in settings.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (variable, value) in settings.Environment)
        {
            start.Environment[variable] = value;
        }

        return start;
    }

    /// <summary>A function that exits without reading its input closes the pipe; that is its right, not a failure.</summary>
    private static async Task WriteInputAsync(Process process, string input, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(Utf8.GetBytes(input), cancellationToken);
            await process.StandardInput.BaseStream.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Standard output up to <paramref name="limit"/> bytes; null as soon as there is more.</summary>
    private static async Task<byte[]?> ReadOutputAsync(Stream output, int limit, CancellationToken cancellationToken)
    {
        var collected = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await output.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (collected.Length + read > limit)
            {
                return null;
            }

            collected.Write(buffer, 0, read);
        }

        return collected.ToArray();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int processId, int signal);
}
