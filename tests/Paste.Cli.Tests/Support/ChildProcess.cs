using System.ComponentModel;
using System.Diagnostics;

namespace Paste.Cli.Tests.Support;

/// <summary>
/// Runs a program as its own process to its end, within a time limit. On timeout it kills that process (through the
/// <see cref="Process"/> it started, with the children it started in turn) and fails the test: nothing else is touched.
/// </summary>
public static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/>, <paramref name="input"/> on its standard input
    /// (closed at once when null) and the variables in <paramref name="environment"/> over this process's (null unsets one).
    /// </summary>
    public static async Task<ChildProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        byte[]? input = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var description = $"{fileName} {string.Join(' ', info.ArgumentList)}";
        using var process = new Process { StartInfo = info };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            Assert.Fail($"Could not start '{description}': {exception.Message}");
        }

        // Both streams are read from the start, so a child that fills one pipe never blocks on it.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            if (input is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(input, limit.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(limit.Token);

            // A grandchild left running with the pipes open would keep them from ending: bounded by the same limit.
            await Task.WhenAll(output, error).WaitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended between the timeout and the kill.
            }

            Assert.Fail($"'{description}' did not finish within {timeout.TotalSeconds:0} s and was killed.\nstdout: {SoFar(output)}\nstderr: {SoFar(error)}");
        }

        return new ChildProcessResult(process.ExitCode, await output, await error, stopwatch.Elapsed);
    }

    private static string SoFar(Task<string> stream) => stream.IsCompletedSuccessfully ? stream.Result : "(still open)";
}
