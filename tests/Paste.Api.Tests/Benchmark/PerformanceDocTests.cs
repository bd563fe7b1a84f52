using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Benchmark;

/// <summary>
/// The benchmark's driver (bench/Paste.Bench, which bench/run.sh starts) regenerates docs/performance.md's tables from a
/// JSON result: it replaces what lies between the <c>bench:</c> markers and leaves the hand-written prose alone.
/// Run as its own process on a copy of the repository's doc, as <c>bench/run.sh --update-docs</c> runs it.
/// </summary>
public sealed partial class PerformanceDocTests
{
    private string root = null!;

    /// <summary>The test project references Paste.Bench, so the build copies it (and its runtimeconfig) beside the tests.</summary>
    private static string Driver => Path.Combine(AppContext.BaseDirectory, "Paste.Bench.dll");

    private string Document => Path.Combine(root, "docs", "performance.md");

    [SetUp]
    public void CopyTheDoc()
    {
        root = Directory.CreateTempSubdirectory("paste-perfdoc-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "docs"));
        File.Copy(Path.Combine(BuildLocations.RepositoryRoot(), "docs", "performance.md"), Document);
        // The driver runs from a repository's root, which it recognises by the solution file.
        File.WriteAllText(Path.Combine(root, "Paste.sln"), "");
    }

    [TearDown]
    public void RemoveTheCopy() => Directory.Delete(root, recursive: true);

    [Test]
    public async Task UpdateDocsWritesTheResultsFiguresBetweenTheMarkersAndKeepsTheProse()
    {
        var before = File.ReadAllText(Document);
        var resultFile = Path.Combine(root, "result.json");
        File.WriteAllText(resultFile, SqliteOnlyResult);

        var run = await ExternalProcess.RunAsync(BuildLocations.DotnetHost, [Driver, "--update-docs", resultFile], workingDirectory: root);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var after = File.ReadAllText(Document);
        Assert.Multiple(() =>
        {
            Assert.That(after, Does.Contain("2026-12-08, commit abc1234: wrk 2 threads × 32 connections, 4 s per run after 2 s warm-up, 2000 seeded pastes of 1024 B"));
            Assert.That(after, Does.Contain("| `GET /{id}/raw` 1 KiB (reference: point read) | 6 107 | 4.0 / 156.7 | 14 658 | 1.5 / 52.2 | 0.42 | 0 / 0 |"));
            Assert.That(after, Does.Contain("| `POST /` 1 KiB (reference: one insert per request) | 2 338 | 11.8 / 38.6 | 909 | 34.0 / 70.9 | 2.57 | 0 / 3 |"));
            Assert.That(after, Does.Contain("| authenticated upload (`POST /`) | +6.4 MiB | +6.4 MiB | 4.39 | < 8 MiB: met |"));
            Assert.That(after, Does.Contain("| attack: one paste | 463.4 / 665.9 | 435.7 / 924.4 | 973 (0) | 599.9 |"));
            Assert.That(after, Does.Contain("Not measured in this run (`BENCH_SKIP_MILLION=1`)."));
            Assert.That(WithoutTables(after), Is.EqualTo(WithoutTables(before)), "only what lies between the markers changes");
        });

        var again = await ExternalProcess.RunAsync(BuildLocations.DotnetHost, [Driver, "--update-docs", resultFile], workingDirectory: root);
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(File.ReadAllText(Document), Is.EqualTo(after), "a second update from the same result changes nothing");
    }

    [Test]
    public async Task UpdateDocsRefusesADocWhoseMarkersAreMissingAndLeavesItAlone()
    {
        var withoutMemory = File.ReadAllText(Document).Replace("<!-- bench:memory -->", "", StringComparison.Ordinal);
        File.WriteAllText(Document, withoutMemory);
        var resultFile = Path.Combine(root, "result.json");
        File.WriteAllText(resultFile, SqliteOnlyResult);

        var run = await ExternalProcess.RunAsync(BuildLocations.DotnetHost, [Driver, "--update-docs", resultFile], workingDirectory: root);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.StandardError, Does.Contain("bench:memory"));
        Assert.That(File.ReadAllText(Document), Is.EqualTo(withoutMemory));
    }

    private static string WithoutTables(string document) => Marked().Replace(document, "<!-- bench:${name} --><!-- /bench:${name} -->");

    [GeneratedRegex(@"<!-- bench:(?<name>[a-z]+) -->\n.*?<!-- /bench:\k<name> -->", RegexOptions.Singleline)]
    private static partial Regex Marked();

    /// <summary>A quick run's result (no PostgreSQL, no million part), with three socket errors on the reference's creates.</summary>
    private const string SqliteOnlyResult = """
        {
          "started_at": "2026-12-08T00:03:46+00:00",
          "commit": "abc1234",
          "settings": { "duration": 4, "warmup": 2, "seed_count": 2000, "highlight_attackers": 120, "skip_million": true, "skip_postgres": true, "keep_temporary": false, "smoke": false },
          "throughput": {
            "paste.raw": { "requests": 24426, "seconds": 4.0, "rps": 6106.5, "p50_ms": 3.99, "p99_ms": 156.67, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0 },
            "reference.raw": { "requests": 58633, "seconds": 4.0, "rps": 14658.3, "p50_ms": 1.48, "p99_ms": 52.18, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0 },
            "paste.metadata": { "requests": 21704, "seconds": 4.0, "rps": 5426.0, "p50_ms": 4.44, "p99_ms": 193.60, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0 },
            "reference.metadata": { "requests": 82217, "seconds": 4.0, "rps": 20554.2, "p50_ms": 1.15, "p99_ms": 7.81, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0 },
            "paste.create": { "requests": 9350, "seconds": 4.0, "rps": 2337.6, "p50_ms": 11.80, "p99_ms": 38.59, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0 },
            "reference.create": { "requests": 3635, "seconds": 4.0, "rps": 908.8, "p50_ms": 33.97, "p99_ms": 70.94, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 3 },
            "paste.health": { "requests": 27192, "seconds": 4.0, "rps": 6798.0, "p50_ms": 3.81, "p99_ms": 21.08, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0 },
            "reference.health": { "requests": 95598, "seconds": 4.0, "rps": 23899.6, "p50_ms": 0.99, "p99_ms": 6.86, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0 }
          },
          "highlight": {
            "url": "http://127.0.0.1:44014/", "attackers": 120, "seconds": 4,
            "rows": [
              { "run": "alone", "health_p50_ms": 0.6, "health_p99_ms": 9.2, "raw_p50_ms": 0.7, "raw_p99_ms": 10.1, "views": 0, "failed_views": 0, "page_p50_ms": 0 },
              { "run": "attack: one paste", "health_p50_ms": 463.4, "health_p99_ms": 665.9, "raw_p50_ms": 435.7, "raw_p99_ms": 924.4, "views": 973, "failed_views": 0, "page_p50_ms": 599.9 }
            ]
          },
          "memory": {
            "upload": { "rss_before_kib": 157900, "rss_peak_kib": 164454, "rss_growth_kib": 6554, "hwm_growth_kib": 6554, "seconds": 4.39, "samples": 200 },
            "download": { "rss_before_kib": 157082, "rss_peak_kib": 159847, "rss_growth_kib": 2765, "hwm_growth_kib": 2867, "seconds": 0.38, "samples": 20 }
          },
          "total_seconds": 264
        }
        """;
}
