using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Paste.Application.ServerFunctions;

namespace Paste.Infrastructure.ServerFunctions;

/// <summary>
/// Runs an operator function as a child process: no shell, the configured arguments and environment only, the
/// call's args on standard input, standard output read up to the function's limit. A function that outlives its
/// timeout or writes past its limit is killed with its descendants; a process it detached and left behind is
/// not its descendant any more and is the operator's to contain (the service unit's control group does).
/// </summary>
internal sealed class ProcessServerFunctionRunner : IServerFunctionRunner
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<string> RunAsync(string name, ServerFunctionSettings settings, string input, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo(settings) };
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
            var value = await output
                ?? throw new ServerFunctionFailedException(name, $"it wrote more than {settings.MaxOutputBytes} bytes");
            await process.WaitForExitAsync(deadline.Token);
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
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static ProcessStartInfo StartInfo(ServerFunctionSettings settings)
    {
        var start = new ProcessStartInfo(settings.Command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = settings.WorkingDirectory,
        };
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
}
