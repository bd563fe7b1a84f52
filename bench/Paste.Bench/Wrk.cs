using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Paste.Bench;

/// <summary>One measured wrk run, as bench/wrk.lua's <c>WRK_RESULT</c> line reports it.</summary>
internal sealed record WrkResult(long Requests, double Seconds, double Rps, double P50Ms, double P99Ms, long Non2xx, long Connect, long Read, long Write, long Timeout)
{
    [JsonIgnore]
    public long SocketErrors => Connect + Read + Write + Timeout;

    [JsonIgnore]
    public long Errors => Non2xx + SocketErrors;

    /// <summary>"0", or "total (non-2xx+socket)".</summary>
    [JsonIgnore]
    public string ErrorsCell => Errors == 0 ? "0" : $"{Errors} ({Non2xx}+{SocketErrors})";

    public static WrkResult Parse(string line)
    {
        var fields = line["WRK_RESULT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(field => field.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture));
        return new WrkResult((long)fields["requests"], fields["seconds"], fields["rps"], fields["p50_ms"], fields["p99_ms"],
            (long)fields["non2xx"], (long)fields["connect"], (long)fields["read"], (long)fields["write"], (long)fields["timeout"]);
    }
}

/// <summary>
/// What wrk sends (bench/wrk.lua's three shapes): GET a template with ids drawn from a file, POST a body file, or GET a path.
/// </summary>
internal sealed record WrkLoad(IReadOnlyList<string> Arguments)
{
    public static WrkLoad Ids(string template, string idsFile) => new(["ids", template, idsFile]);

    public static WrkLoad Post(string bodyFile) => new(["post", bodyFile]);

    public static WrkLoad Get(string path) => new(["get", path]);
}

/// <summary>Runs wrk (2 threads × 32 connections, 5 s request timeout) against a server on 127.0.0.1, bounded in time.</summary>
internal sealed class Wrk(BenchSettings settings, string script, string logDirectory)
{
    /// <summary>The figures of each measured run, by key ("paste.raw", "postgres_reference.create"...).</summary>
    public Dictionary<string, WrkResult> Results { get; } = [];

    /// <summary>The unmeasured warm-up runs by key, kept for what they did to a server (the pastes they created).</summary>
    public Dictionary<string, WrkResult> WarmUps { get; } = [];

    /// <summary>One unmeasured run of the warm-up length (none when it is 0).</summary>
    public async Task WarmUpAsync(string key, Uri url, WrkLoad load)
    {
        if (settings.Warmup > 0)
        {
            var output = await RunAsync($"{key}-warmup", url, load, settings.Warmup);
            if (ResultLine(output) is { } line)
            {
                WarmUps[key] = WrkResult.Parse(line);
            }
        }
    }

    /// <summary>A warm-up run, then the measured run, stored under <paramref name="key"/> and reported on stderr.</summary>
    public async Task<WrkResult> MeasureAsync(string key, Uri url, WrkLoad load)
    {
        await WarmUpAsync(key, url, load);
        var output = await RunAsync(key, url, load, settings.Duration);
        var line = ResultLine(output) ?? throw new BenchException($"wrk for {key} printed no WRK_RESULT line: {LastLines(output)}");
        var result = WrkResult.Parse(line);
        Results[key] = result;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"== {key,-22} {result.Rps,9:0.0} req/s  p50 {result.P50Ms,7:0.00} ms  p99 {result.P99Ms,7:0.00} ms  non-2xx {result.Non2xx}  socket errors {result.SocketErrors}"));
        return result;
    }

    private async Task<string> RunAsync(string name, Uri url, WrkLoad load, int seconds)
    {
        if (!url.IsLoopback)
        {
            throw new BenchException($"wrk is sent to loopback addresses only, not {url}");
        }

        var info = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            "-t", BenchSettings.WrkThreads.ToString(CultureInfo.InvariantCulture),
            "-c", BenchSettings.WrkConnections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds.ToString(CultureInfo.InvariantCulture)}s", "--timeout", "5s",
            "-s", script, url.ToString().TrimEnd('/'), "--", .. load.Arguments,
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new BenchException("could not start wrk");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new BenchException("wrk is not on PATH (apt-get install wrk)");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
                throw new BenchException($"wrk for {name} did not end within {seconds + 30} s");
            }

            var printed = await output + await error;
            await File.WriteAllTextAsync(Path.Combine(logDirectory, $"wrk-{name}.txt"), printed);
            if (process.ExitCode != 0)
            {
                throw new BenchException($"wrk for {name} failed: {LastLines(printed)}");
            }

            return printed;
        }
    }

    private static string? ResultLine(string output) =>
        output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("WRK_RESULT ", StringComparison.Ordinal));

    private static string LastLines(string text) => string.Join(Environment.NewLine, text.Split('\n').TakeLast(5));
}
