using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Paste.Bench;

// The benchmark's driver; bench/run.sh builds it and the servers in Release and starts it from the repository root.
const string Usage = """
    Benchmarks Paste against bench/Paste.Reference (Kestrel minimal APIs + Microsoft.Data.Sqlite, same tables and SQLite
    settings) and prints figures. Everything runs on 127.0.0.1 in a fresh temporary directory that is removed at the end.

      bench/run.sh                      full run: throughput (10 000 seeded pastes), /health and raw reads while costly
                                        pages are viewed, memory of a 50 MiB upload/download, the same on PostgreSQL
                                        (one instance, then two behind nginx), throughput on 1 000 000 stored pastes
      bench/run.sh --smoke              the same in short: 1 s runs, 200 seeded pastes, no million part
      bench/run.sh --results <file>     where the JSON result goes (default: bench/results/<UTC time>.json)
      bench/run.sh --update-docs <file> no run: regenerates docs/performance.md's tables from a JSON result

    Environment:
      BENCH_DURATION=8        seconds of each measured wrk run (smoke: 1)
      BENCH_WARMUP=5          seconds of wrk warm-up before each measured run, 0 for none (smoke: 1); the JIT
                              keeps promoting hot methods for several seconds under load
      BENCH_SEED=10000        pastes seeded through each server's POST / (smoke: 200)
      BENCH_HIGHLIGHT_ATTACKERS=120  parallel views of pages that are costly to colour, beside /health and raw reads
      BENCH_SKIP_MILLION=1    skip the 1 000 000-paste part (smoke skips it)
      BENCH_SKIP_POSTGRES=1   skip the PostgreSQL part (it needs Debian's postgresql, and nginx)
      BENCH_KEEP_TMP=1        keep the temporary directory (server logs, databases) for a look afterwards
      BENCH_ARTIFACTS=<dir>   keep the Release builds' obj/ and bin/ there between runs (incremental, much faster);
                              by default they are built from scratch in a temporary directory

    Progress goes to stderr, the result tables to stdout. Needs the .NET 10 SDK and wrk. Exits non-zero when something
    does not work (a server that does not start, a failed seed, a download that differs from its upload); missed
    targets are printed, not failures: this measures, it does not judge.
    """;

var options = new Dictionary<string, string>();
var smoke = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        case "--smoke":
            smoke = true;
            break;
        case "--paste" or "--reference" or "--results" or "--update-docs" or "--started-at" when i + 1 < args.Length:
            options[args[i]] = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown argument: {args[i]} (try --help)");
            return 2;
    }
}

var repository = Directory.GetCurrentDirectory();
var document = Path.Combine(repository, "docs", "performance.md");
if (!File.Exists(Path.Combine(repository, "Paste.sln")))
{
    Console.Error.WriteLine("error: run the benchmark from the repository's root (bench/run.sh does)");
    return 2;
}

try
{
    if (options.TryGetValue("--update-docs", out var resultFile))
    {
        PerformanceDoc.Update(document, BenchResult.Read(resultFile));
        Console.Error.WriteLine($"== regenerated the tables of {document} from {resultFile}");
        return 0;
    }

    if (!options.TryGetValue("--paste", out var pasteDirectory) || !options.TryGetValue("--reference", out var referenceDirectory))
    {
        Console.Error.WriteLine("error: --paste and --reference name the published servers' directories (bench/run.sh passes them)");
        return 2;
    }

    BenchSettings settings;
    try
    {
        settings = BenchSettings.FromEnvironment(smoke);
    }
    catch (BenchException exception)
    {
        Console.Error.WriteLine($"error: {exception.Message}");
        return 2;
    }

    var startedAt = options.TryGetValue("--started-at", out var startedText)
        ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(startedText, CultureInfo.InvariantCulture))
        : DateTimeOffset.UtcNow;
    var result = new BenchResult { StartedAt = startedAt, Commit = CurrentCommit(repository), Settings = settings };
    var temporary = Directory.CreateTempSubdirectory("paste-bench.").FullName;
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => ServerProcess.StopAll());
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => ServerProcess.StopAll());
    var run = new BenchRun(settings, Path.Combine(pasteDirectory, "Paste.Api.dll"), Path.Combine(referenceDirectory, "Paste.Reference.dll"),
        Path.Combine(repository, "bench", "wrk.lua"), temporary);
    try
    {
        await run.RunAsync(result);
    }
    catch (Exception exception) when (exception is BenchException or HttpRequestException or TaskCanceledException or IOException)
    {
        foreach (var log in run.ServerLogs.Where(log => File.Exists(log) && new FileInfo(log).Length > 0))
        {
            Console.Error.WriteLine($"--- last lines of {log}");
            Console.Error.WriteLine(ServerProcess.Tail(log));
        }

        throw;
    }
    finally
    {
        if (settings.KeepTemporary)
        {
            Console.Error.WriteLine($"kept {temporary}");
        }
        else
        {
            Directory.Delete(temporary, recursive: true);
        }
    }

    result.TotalSeconds = Math.Round((DateTimeOffset.UtcNow - startedAt).TotalSeconds);
    Report.Print(Console.Out, result);
    var resultPath = options.GetValueOrDefault("--results")
        ?? Path.Combine(repository, "bench", "results", $"{result.StartedAt.UtcDateTime:yyyyMMdd-HHmmss}.json");
    result.Write(resultPath);
    Console.Error.WriteLine($"== result written to {resultPath} (bench/run.sh --update-docs {resultPath} puts it in docs/performance.md)");
    return 0;
}
catch (Exception exception) when (exception is BenchException or HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    return 1;
}

// The commit measured, for the result and the doc; none outside a git checkout.
static string? CurrentCommit(string repository)
{
    try
    {
        var info = new ProcessStartInfo("git", ["-C", repository, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(info);
        if (git is null)
        {
            return null;
        }

        var commit = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return git.ExitCode == 0 && commit.Length > 0 ? commit : null;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return null;
    }
}
