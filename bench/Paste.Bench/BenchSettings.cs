using System.Globalization;

namespace Paste.Bench;

/// <summary>What a run measures and how long, from the environment (the names bench/run.sh has always read).</summary>
internal sealed record BenchSettings(
    int Duration,
    int Warmup,
    int SeedCount,
    int HighlightAttackers,
    bool SkipMillion,
    bool SkipPostgres,
    bool KeepTemporary,
    bool Smoke)
{
    public const int WrkThreads = 2;
    public const int WrkConnections = 32;
    public const int PasteBytes = 1024;
    public const int SeedConcurrency = 8;
    public const int Million = 1_000_000;
    public const int MillionReadIds = 10_000;

    /// <summary>Exactly the authenticated limit (Paste:MaxAuthenticatedBytes, 50 MiB).</summary>
    public const int UploadBytes = 52_428_800;

    public const int MemoryTargetMib = 8;
    public const int ScaleTargetPercent = 10;

    /// <summary>Any 40 lowercase hex digits: without a configured proxy secret Paste takes the header as the caller's identity.</summary>
    public const string ClientFingerprint = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>Reads the settings; a value out of range is an error that names its variable.</summary>
    public static BenchSettings FromEnvironment(bool smoke)
    {
        var duration = Number("BENCH_DURATION", smoke ? 1 : 8, 1, 600);
        var warmup = Number("BENCH_WARMUP", smoke ? 1 : 5, 0, 60);
        var seed = Number("BENCH_SEED", smoke ? 200 : 10_000, 1, 100_000);
        // As many parallel page views as pushed a raw read from 11 ms to 6 s before colouring was bounded.
        var attackers = Number("BENCH_HIGHLIGHT_ATTACKERS", 120, 1, 256);
        return new BenchSettings(duration, warmup, seed, attackers,
            SkipMillion: smoke || Flag("BENCH_SKIP_MILLION"),
            SkipPostgres: Flag("BENCH_SKIP_POSTGRES"),
            KeepTemporary: Flag("BENCH_KEEP_TMP"),
            Smoke: smoke);
    }

    private static bool Flag(string name) => Environment.GetEnvironmentVariable(name) == "1";

    private static int Number(string name, int fallback, int minimum, int maximum)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            throw new BenchException($"{name} must be a whole number in {minimum}..{maximum}, not '{text}'");
        }

        return value;
    }
}

/// <summary>Something that does not work (a server that does not start, a failed seed): the run stops with its message.</summary>
internal sealed class BenchException(string message) : Exception(message);
