using System.Globalization;

namespace Paste.Bench;

/// <summary>The figures of a run as the benchmark prints them: throughput against the reference, colouring under attack, memory, scale.</summary>
internal static class Report
{
    private const string TableFormat = "{0,-44} {1,10} {2,9} {3,9} | {4,10} {5,9} {6,9} | {7,6} | {8,-12} {9}";
    private const string ScaleFormat = "{0,-28} {1,12} {2,9} {3,9} | {4,12} {5,9} {6,9} | {7,8} {8,7} | {9,-12} {10}";

    /// <summary>The paths compared with the reference: label, key, and what the reference answers.</summary>
    public static readonly (string Label, string Key)[] Paths =
    [
        ("raw read   GET /{id}/raw  vs ref GET /{id}", "raw"),
        ("metadata   GET /{id}      vs ref GET /{id}", "metadata"),
        ("create     POST / 1 KiB   vs ref POST /", "create"),
        ("health     GET /health    vs ref GET /hello", "health"),
    ];

    public static readonly (string Label, string Key)[] PostgresPaths =
    [
        ("raw read", "raw"),
        ("metadata", "metadata"),
        ("create 1 KiB", "create"),
        ("health", "health"),
    ];

    public static void Print(TextWriter output, BenchResult result)
    {
        var settings = result.Settings;
        output.WriteLine();
        output.WriteLine($"Throughput: wrk {BenchSettings.WrkThreads} threads x {BenchSettings.WrkConnections} connections, {settings.Duration} s per run (after {settings.Warmup} s warm-up), {settings.SeedCount} seeded pastes of {BenchSettings.PasteBytes} B each");
        output.WriteLine("errors = non-2xx + socket errors (connect/read/write/timeout, wrk timeout 5 s); ratio = Paste req/s / reference req/s");
        output.WriteLine(Format(TableFormat, "path", "Paste req/s", "p50 ms", "p99 ms", "ref req/s", "p50 ms", "p99 ms", "ratio", "Paste errors", "ref errors"));
        foreach (var (label, key) in Paths)
        {
            Row(label, "paste", "reference", key);
        }

        if (settings.SkipPostgres)
        {
            output.WriteLine("PostgreSQL: skipped (BENCH_SKIP_POSTGRES=1)");
        }
        else
        {
            // The same paths on PostgreSQL (its server on this machine, default durability), each against a run of the
            // reference measured right beside it.
            foreach (var (label, key) in PostgresPaths)
            {
                Row($"PostgreSQL, one instance: {label}", "postgres", "postgres_reference", key);
            }

            foreach (var (label, key) in PostgresPaths)
            {
                Row($"PostgreSQL, two behind nginx: {label}", "postgres_pair", "postgres_pair_reference", key);
            }
        }

        if (result.Highlight is not null)
        {
            output.WriteLine();
            HighlightAttack.Print(output, result.Highlight);
        }

        output.WriteLine();
        output.WriteLine($"Memory of Paste for one {BenchSettings.UploadBytes} B paste, each on a freshly started and warmed-up server (RSS sampled every 20 ms; target < {BenchSettings.MemoryTargetMib} MiB growth each)");
        MemoryRow("upload     POST / (authenticated, 50 MiB)", "upload");
        MemoryRow("download   GET /{id}/raw (byte-exact: yes)", "download");
        if (!settings.SkipPostgres)
        {
            MemoryRow("upload     POST / on PostgreSQL", "postgres_upload");
            MemoryRow("download   GET /{id}/raw on PostgreSQL (byte-exact)", "postgres_download");
        }

        output.WriteLine();
        if (result.Scale is not { } scale)
        {
            output.WriteLine("Scale: skipped (--smoke or BENCH_SKIP_MILLION=1)");
        }
        else
        {
            var smallLabel = SmallLabel(scale);
            output.WriteLine($"Scale: Paste with {scale.Stored} stored pastes vs Paste on part 1's data ({settings.SeedCount} seeded, {scale.SmallStored} now), measured alternately (target: req/s within {BenchSettings.ScaleTargetPercent} %)");
            output.WriteLine(Format(ScaleFormat, "path", $"{smallLabel} req/s", "p50 ms", "p99 ms", "1M req/s", "p50 ms", "p99 ms", "change", "within", $"{smallLabel} errors", "1M errors"));
            ScaleRow("raw read   GET /{id}/raw", "raw");
            ScaleRow("create     POST / 1 KiB", "create");
        }

        output.WriteLine();
        output.WriteLine($"Total time: {result.TotalSeconds:0} s (including the Release publishes)");

        void Row(string label, string side, string reference, string key)
        {
            var paste = result.Throughput[$"{side}.{key}"];
            var yardstick = result.Throughput[$"{reference}.{key}"];
            output.WriteLine(Format(TableFormat, label,
                Rps(paste), Ms(paste.P50Ms), Ms(paste.P99Ms), Rps(yardstick), Ms(yardstick.P50Ms), Ms(yardstick.P99Ms),
                Ratio(paste.Rps, yardstick.Rps), paste.ErrorsCell, yardstick.ErrorsCell));
        }

        void MemoryRow(string label, string key)
        {
            var memory = result.Memory[key];
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0,-48} RSS {1,7} -> peak {2,7} MiB: {3,8} MiB   VmHWM {4,8} MiB   {5,6} s   target < {6} MiB: {7}",
                label, Mib(memory.RssBeforeKib), Mib(memory.RssPeakKib), SignedMib(memory.RssGrowthKib), SignedMib(memory.HwmGrowthKib),
                memory.Seconds.ToString("0.00", CultureInfo.InvariantCulture), BenchSettings.MemoryTargetMib, memory.Met ? "met" : "MISSED"));
        }

        void ScaleRow(string label, string key)
        {
            var small = result.Throughput[$"small.{key}"];
            var million = result.Throughput[$"million.{key}"];
            var change = PercentChange(million.Rps, small.Rps);
            output.WriteLine(Format(ScaleFormat, label,
                Rps(small), Ms(small.P50Ms), Ms(small.P99Ms), Rps(million), Ms(million.P50Ms), Ms(million.P99Ms),
                change is null ? "n/a %" : $"{change.Value:+0.0;-0.0;+0.0} %",
                change is null ? "n/a" : Math.Abs(change.Value) <= BenchSettings.ScaleTargetPercent ? "yes" : "NO",
                small.ErrorsCell, million.ErrorsCell));
        }
    }

    /// <summary>Part 1's creates have added to its seeded pastes: the label is what it holds now, in thousands.</summary>
    public static string SmallLabel(ScaleResult scale) => $"{(scale.SmallStored + 500) / 1000}k";

    public static string Ratio(double value, double reference) =>
        reference > 0 ? (value / reference).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    public static double? PercentChange(double value, double reference) => reference > 0 ? (value - reference) * 100 / reference : null;

    public static string Rps(WrkResult run) => run.Rps.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) => milliseconds.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Mib(long kib) => (kib / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    public static string SignedMib(long kib) => (kib / 1024.0).ToString("+0.0;-0.0;+0.0", CultureInfo.InvariantCulture);

    private static string Format(string format, params object[] cells) => string.Format(CultureInfo.InvariantCulture, format, cells);
}
