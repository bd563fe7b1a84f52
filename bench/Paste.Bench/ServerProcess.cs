using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Paste.Testing;

namespace Paste.Bench;

/// <summary>
/// A process this run started (a published server, nginx), with its output appended to a log file. It is stopped by
/// its own process id: SIGTERM first (Kestrel drains, SQLite checkpoints), SIGKILL when it has not ended in time.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The processes started and not yet stopped, for an interrupted run to end.</summary>
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process process;

    private ServerProcess(Process process, Uri url, string logPath)
    {
        this.process = process;
        Running[process.Id] = process;
        Url = url;
        LogPath = logPath;
    }

    public Uri Url { get; }

    public string LogPath { get; }

    public int Id => process.Id;

    /// <summary>
    /// Starts a published ASP.NET Core server (<paramref name="dll"/>) on a free port of 127.0.0.1, in
    /// <paramref name="dataDirectory"/>, with <paramref name="environment"/>, and waits until <paramref name="readyPath"/> answers 2xx.
    /// </summary>
    public static async Task<ServerProcess> StartDotnetAsync(
        string dll, string dataDirectory, string logPath, string readyPath, IReadOnlyDictionary<string, string> environment)
    {
        Directory.CreateDirectory(dataDirectory);
        var port = LoopbackPort.Free();
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var variables = new Dictionary<string, string>(environment) { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        var server = Start(BuildLocations.DotnetHost, [dll, "--urls", url.ToString().TrimEnd('/')], dataDirectory, logPath, variables, url);
        await server.WaitReadyAsync(readyPath);
        return server;
    }

    /// <summary>Starts <paramref name="fileName"/>, its output appended to <paramref name="logPath"/>; <paramref name="url"/> is where it will answer.</summary>
    public static ServerProcess Start(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, string logPath, IReadOnlyDictionary<string, string> environment, Uri url)
    {
        // The shell only redirects and then becomes the program (exec), so the process id is the server's own.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var argument in (string[])["-c", "exec \"$0\" \"$@\" >>\"$LOG_FILE\" 2>&1 </dev/null", fileName, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["LOG_FILE"] = logPath;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new BenchException($"could not start {fileName}");
        return new ServerProcess(process, url, logPath);
    }

    /// <summary>Polls <paramref name="path"/> until it answers 2xx; fails early when the process has exited. At most 60 s.</summary>
    public async Task WaitReadyAsync(string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (process.HasExited)
            {
                throw new BenchException($"the server behind {Url} exited during start-up (log: {LogPath}){Environment.NewLine}{Tail(LogPath)}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(Url, path));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new BenchException($"the server behind {Url} was not ready within 60 s (log: {LogPath})");
    }

    /// <summary>The last lines of a log file, for an error message.</summary>
    public static string Tail(string path, int lines = 15) =>
        File.Exists(path) ? string.Join(Environment.NewLine, File.ReadLines(path).TakeLast(lines)) : "";

    /// <summary>
    /// Kills every process this run started and has not stopped yet, each by its own id: the run was interrupted and
    /// nothing of it is kept.
    /// </summary>
    public static void StopAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                process.Kill();
            }
            catch (InvalidOperationException)
            {
                // It has ended already.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(process.Id, out _);
        if (!process.HasExited)
        {
            _ = SendSignal(process.Id, Sigterm);
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
