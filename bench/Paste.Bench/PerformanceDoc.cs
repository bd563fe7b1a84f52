using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Paste.Bench;

/// <summary>
/// Regenerates the tables of docs/performance.md from a result: each table stands between
/// <c>&lt;!-- bench:NAME --&gt;</c> and <c>&lt;!-- /bench:NAME --&gt;</c>, and only what lies between them is replaced;
/// the prose around them is written by hand.
/// </summary>
internal static partial class PerformanceDoc
{
    public static void Update(string documentPath, BenchResult result)
    {
        var text = File.ReadAllText(documentPath);
        var tables = Tables(result);
        var replaced = new HashSet<string>();
        var updated = Marked().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            if (!tables.TryGetValue(name, out var table))
            {
                throw new BenchException($"{documentPath} marks a table 'bench:{name}' that the benchmark does not make");
            }

            replaced.Add(name);
            return $"<!-- bench:{name} -->\n{table}<!-- /bench:{name} -->";
        });
        var missing = tables.Keys.Except(replaced).ToList();
        if (missing.Count > 0)
        {
            throw new BenchException($"{documentPath} has no markers for {string.Join(", ", missing.Select(name => $"bench:{name}"))}");
        }

        File.WriteAllText(documentPath, updated);
    }

    private static Dictionary<string, string> Tables(BenchResult result)
    {
        var settings = result.Settings;
        var tables = new Dictionary<string, string>();

        var run = new StringBuilder();
        run.Append(CultureInfo.InvariantCulture, $"{result.StartedAt:yyyy-MM-dd}, commit {result.Commit ?? "unknown"}: wrk {BenchSettings.WrkThreads} threads × {BenchSettings.WrkConnections} connections, ")
            .Append(CultureInfo.InvariantCulture, $"{settings.Duration} s per run after {settings.Warmup} s warm-up, {settings.SeedCount} seeded pastes of {BenchSettings.PasteBytes} B; ")
            .Append(settings.SkipPostgres ? "PostgreSQL skipped; " : "")
            .Append(settings.SkipMillion ? "million part skipped." : "with the million part.")
            .Append('\n');
        tables["run"] = run.ToString();

        var throughput = new StringBuilder("| path | Paste req/s | p50 / p99 ms | reference req/s | p50 / p99 ms | ratio | errors (Paste / ref) |\n|---|---|---|---|---|---|---|\n");
        foreach (var (label, key) in DocPaths)
        {
            ThroughputRow(throughput, result, label, "paste", "reference", key);
        }

        if (!settings.SkipPostgres)
        {
            foreach (var (label, key) in DocPaths)
            {
                ThroughputRow(throughput, result, $"PostgreSQL, one instance: {label}", "postgres", "postgres_reference", key);
            }

            foreach (var (label, key) in DocPaths)
            {
                ThroughputRow(throughput, result, $"PostgreSQL, two behind nginx: {label}", "postgres_pair", "postgres_pair_reference", key);
            }
        }

        tables["throughput"] = throughput.ToString();

        var highlight = new StringBuilder("| run | `/health` p50 / p99 ms | raw read p50 / p99 ms | attack pages answered (failed) | their p50 ms |\n|---|---|---|---|---|\n");
        foreach (var row in result.Highlight?.Rows ?? [])
        {
            highlight.Append(CultureInfo.InvariantCulture,
                $"| {row.Run} | {HighlightAttack.Ms(row.HealthP50Ms)} / {HighlightAttack.Ms(row.HealthP99Ms)} | {HighlightAttack.Ms(row.RawP50Ms)} / {HighlightAttack.Ms(row.RawP99Ms)} | {(row.Views == 0 ? "" : $"{row.Views} ({row.FailedViews})")} | {(row.Views == 0 ? "" : HighlightAttack.Ms(row.PageP50Ms))} |\n");
        }

        tables["highlight"] = highlight.ToString();

        var memory = new StringBuilder("| one 50 MiB paste, fresh server | peak RSS growth | VmHWM growth | seconds | target |\n|---|---|---|---|---|\n");
        foreach (var (label, key) in MemoryRuns)
        {
            if (result.Memory.TryGetValue(key, out var figures))
            {
                memory.Append(CultureInfo.InvariantCulture,
                    $"| {label} | {Report.SignedMib(figures.RssGrowthKib)} MiB | {Report.SignedMib(figures.HwmGrowthKib)} MiB | {figures.Seconds:0.00} | < {BenchSettings.MemoryTargetMib} MiB: {(figures.Met ? "met" : "missed")} |\n");
            }
        }

        tables["memory"] = memory.ToString();

        var scale = new StringBuilder();
        if (result.Scale is { } stored)
        {
            scale.Append(CultureInfo.InvariantCulture, $"| path | {Report.SmallLabel(stored)} req/s | p50 / p99 ms | {stored.Stored} req/s | p50 / p99 ms | change |\n|---|---|---|---|---|---|\n");
            foreach (var (label, key) in ScalePaths)
            {
                var small = result.Throughput[$"small.{key}"];
                var million = result.Throughput[$"million.{key}"];
                var change = Report.PercentChange(million.Rps, small.Rps);
                scale.Append(CultureInfo.InvariantCulture,
                    $"| {label} | {Whole(small.Rps)} | {small.P50Ms:0.0} / {small.P99Ms:0.0} | {Whole(million.Rps)} | {million.P50Ms:0.0} / {million.P99Ms:0.0} | {(change is null ? "n/a" : $"{change.Value:+0.0;-0.0;+0.0} %")} |\n");
            }
        }
        else
        {
            scale.Append("Not measured in this run (`BENCH_SKIP_MILLION=1`).\n");
        }

        tables["scale"] = scale.ToString();
        return tables;
    }

    private static readonly (string Label, string Key)[] DocPaths =
    [
        ("`GET /{id}/raw` 1 KiB (reference: point read)", "raw"),
        ("`GET /{id}` metadata (reference: point read)", "metadata"),
        ("`POST /` 1 KiB (reference: one insert per request)", "create"),
        ("`GET /health` (reference: `GET /hello`)", "health"),
    ];

    private static readonly (string Label, string Key)[] MemoryRuns =
    [
        ("authenticated upload (`POST /`)", "upload"),
        ("download (`GET /{id}/raw`, byte-exact)", "download"),
        ("upload on PostgreSQL", "postgres_upload"),
        ("download on PostgreSQL (byte-exact)", "postgres_download"),
    ];

    private static readonly (string Label, string Key)[] ScalePaths = [("`GET /{id}/raw`", "raw"), ("`POST /` 1 KiB", "create")];

    private static void ThroughputRow(StringBuilder table, BenchResult result, string label, string side, string reference, string key)
    {
        var paste = result.Throughput[$"{side}.{key}"];
        var yardstick = result.Throughput[$"{reference}.{key}"];
        table.Append(CultureInfo.InvariantCulture,
            $"| {label} | {Whole(paste.Rps)} | {paste.P50Ms:0.0} / {paste.P99Ms:0.0} | {Whole(yardstick.Rps)} | {yardstick.P50Ms:0.0} / {yardstick.P99Ms:0.0} | {Report.Ratio(paste.Rps, yardstick.Rps)} | {paste.Errors} / {yardstick.Errors} |\n");
    }

    /// <summary>Requests per second as the doc writes them: whole, thousands apart by a space.</summary>
    private static string Whole(double rps)
    {
        var format = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        format.NumberGroupSeparator = " ";
        return rps.ToString("#,0", format);
    }

    [GeneratedRegex(@"<!-- bench:(?<name>[a-z]+) -->\n.*?<!-- /bench:\k<name> -->", RegexOptions.Singleline)]
    private static partial Regex Marked();
}
