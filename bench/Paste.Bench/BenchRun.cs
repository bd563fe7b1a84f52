using System.Globalization;
using Paste.Testing;

namespace Paste.Bench;

/// <summary>
/// One run of the benchmark, part by part: Paste against bench/Paste.Reference on SQLite, colouring under attack,
/// memory of one 50 MiB paste, the same on PostgreSQL (one instance, then two behind nginx), and a million stored
/// pastes. Every server it starts lives in <paramref name="temporary"/> and is stopped by its own process id.
/// </summary>
internal sealed class BenchRun(BenchSettings settings, string pasteDll, string referenceDll, string wrkScript, string temporary)
{
    private readonly string logs = Directory.CreateDirectory(Path.Combine(temporary, "logs")).FullName;
    private readonly string data = Path.Combine(temporary, "data");
    private readonly string smallPaste = Path.Combine(temporary, "paste-1k.bin");
    private readonly string uploadFile = Path.Combine(temporary, "upload.bin");
    private readonly List<string> serverLogs = [];
    private Wrk wrk = null!;

    /// <summary>The log files of the servers started so far, whose tails are shown when the run fails.</summary>
    public IReadOnlyList<string> ServerLogs => serverLogs;

    public async Task<BenchResult> RunAsync(BenchResult result)
    {
        wrk = new Wrk(settings, wrkScript, logs);
        await File.WriteAllBytesAsync(smallPaste, RandomBytes(BenchSettings.PasteBytes));

        await ThroughputAsync();
        result.Highlight = await HighlightAsync();
        await File.WriteAllBytesAsync(uploadFile, RandomBytes(BenchSettings.UploadBytes));
        await MemoryAsync(result, "", new Dictionary<string, string>());
        if (!settings.SkipPostgres)
        {
            await PostgresAsync(result);
        }

        File.Delete(uploadFile);
        if (!settings.SkipMillion)
        {
            result.Scale = await ScaleAsync();
        }

        foreach (var (key, figures) in wrk.Results)
        {
            result.Throughput[key] = figures;
        }

        return result;
    }

    /// <summary>Part 1: throughput against the reference, <c>BENCH_SEED</c> seeded pastes each.</summary>
    private async Task ThroughputAsync()
    {
        Say("starting Paste and the reference");
        await using var paste = await StartPasteAsync(Path.Combine(data, "paste"), "paste");
        await using var reference = await StartReferenceAsync("reference");

        Say($"seeding {settings.SeedCount} pastes of {BenchSettings.PasteBytes} B into each");
        await Seeder.SeedAsync(paste.Url, settings.SeedCount, BenchSettings.SeedConcurrency, BenchSettings.PasteBytes, Ids("paste"));
        await Seeder.SeedAsync(reference.Url, settings.SeedCount, BenchSettings.SeedConcurrency, BenchSettings.PasteBytes, Ids("reference"));

        // The code shared by every path (Kestrel, the middleware) is still being recompiled by the tiered JIT well after
        // the first seconds of load; without this, whichever path is measured first pays for it. Each read path of both
        // servers gets one warm-up run before any measurement.
        if (settings.Warmup > 0)
        {
            Say($"warming up every read path of both servers, {settings.Warmup} s each");
        }

        await wrk.WarmUpAsync("initial.paste.raw", paste.Url, WrkLoad.Ids("/{id}/raw", Ids("paste")));
        await wrk.WarmUpAsync("initial.paste.metadata", paste.Url, WrkLoad.Ids("/{id}", Ids("paste")));
        await wrk.WarmUpAsync("initial.paste.health", paste.Url, WrkLoad.Get("/health"));
        await wrk.WarmUpAsync("initial.reference.read", reference.Url, WrkLoad.Ids("/{id}", Ids("reference")));
        await wrk.WarmUpAsync("initial.reference.hello", reference.Url, WrkLoad.Get("/hello"));

        // Run by run, alternating between Paste and the reference, so that a change in the machine's state during the
        // run (another process, the page cache) touches both sides alike. The reference's point read is measured anew
        // for each comparison for the same reason.
        Say($"measuring: wrk {BenchSettings.WrkThreads} threads x {BenchSettings.WrkConnections} connections, {settings.Duration} s per run, {settings.Warmup} s warm-up before each");
        await MeasureBesideReferenceAsync("paste", paste.Url, Ids("paste"), "reference", reference.Url);
    }

    /// <summary>Part 1's four paths on Paste, each run followed by the reference's, stored under <paramref name="side"/> and <paramref name="referenceSide"/>.</summary>
    private async Task MeasureBesideReferenceAsync(string side, Uri url, string idsFile, string referenceSide, Uri referenceUrl)
    {
        await wrk.MeasureAsync($"{side}.raw", url, WrkLoad.Ids("/{id}/raw", idsFile));
        await wrk.MeasureAsync($"{referenceSide}.raw", referenceUrl, WrkLoad.Ids("/{id}", Ids("reference")));
        await wrk.MeasureAsync($"{side}.metadata", url, WrkLoad.Ids("/{id}", idsFile));
        await wrk.MeasureAsync($"{referenceSide}.metadata", referenceUrl, WrkLoad.Ids("/{id}", Ids("reference")));
        await wrk.MeasureAsync($"{side}.create", url, WrkLoad.Post(smallPaste));
        await wrk.MeasureAsync($"{referenceSide}.create", referenceUrl, WrkLoad.Post(smallPaste));
        await wrk.MeasureAsync($"{side}.health", url, WrkLoad.Get("/health"));
        await wrk.MeasureAsync($"{referenceSide}.health", referenceUrl, WrkLoad.Get("/hello"));
    }

    /// <summary>Part 1b: /health and raw reads while pages that are costly to colour are viewed, on a fresh Paste.</summary>
    private async Task<HighlightResult> HighlightAsync()
    {
        Say($"highlighting attack: a fresh Paste, {settings.HighlightAttackers} attackers, {settings.Duration} s per run");
        await using var paste = await StartPasteAsync(Path.Combine(data, "highlight"), "highlight");
        try
        {
            return await HighlightAttack.RunAsync(paste.Url, settings.HighlightAttackers, TimeSpan.FromSeconds(settings.Duration));
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            throw new BenchException($"the highlighting attack failed: {exception.Message}");
        }
    }

    /// <summary>
    /// Part 2: memory of one 50 MiB upload and of its download, each on a fresh Paste (on the store that
    /// <paramref name="environment"/> names), stored under <c>{prefix}upload</c> and <c>{prefix}download</c>.
    /// </summary>
    private async Task MemoryAsync(BenchResult result, string prefix, IReadOnlyDictionary<string, string> environment)
    {
        Say($"memory{(prefix.Length == 0 ? "" : " on PostgreSQL")}: a fresh Paste for one upload of {BenchSettings.UploadBytes} B, another for its download");
        var probe = new MemoryProbe(uploadFile, Path.Combine(temporary, "download.bin"), smallPaste);
        var name = prefix.Length == 0 ? "memory" : "memory-postgres";
        string id;
        await using (var server = await StartPasteAsync(Path.Combine(data, "memory"), $"{name}-upload", environment))
        {
            await probe.WarmUpAsync(server.Url);
            (result.Memory[$"{prefix}upload"], id) = await probe.UploadAsync(server);
        }

        await using (var server = await StartPasteAsync(Path.Combine(data, "memory"), $"{name}-download", environment))
        {
            await probe.WarmUpAsync(server.Url);
            result.Memory[$"{prefix}download"] = await probe.DownloadAsync(server, id);
        }
    }

    /// <summary>Part 2b: PostgreSQL, one instance and then two behind nginx, against the reference again; then its memory.</summary>
    private async Task PostgresAsync(BenchResult result)
    {
        Say("PostgreSQL: a throwaway cluster, Paste on it alone and then two instances behind nginx");
        // The server's default durability (fsync on), as Paste's SQLite runs with synchronous = FULL.
        var postgres = PostgresServer.Durable;
        var environment = new Dictionary<string, string>
        {
            ["Paste__Storage__Provider"] = "PostgreSql",
            ["ConnectionStrings__Paste"] = await postgres.CreateDatabaseAsync(),
        };
        var directory = Path.Combine(data, "postgres");
        await using (var first = await StartPasteAsync(directory, "postgres-a", environment))
        await using (var reference = await StartReferenceAsync("reference-postgres-part"))
        {
            Say($"seeding {settings.SeedCount} pastes of {BenchSettings.PasteBytes} B into Paste on PostgreSQL");
            await Seeder.SeedAsync(first.Url, settings.SeedCount, BenchSettings.SeedConcurrency, BenchSettings.PasteBytes, Ids("postgres"));
            await wrk.WarmUpAsync("initial.postgres.raw", first.Url, WrkLoad.Ids("/{id}/raw", Ids("postgres")));
            await wrk.WarmUpAsync("initial.postgres.metadata", first.Url, WrkLoad.Ids("/{id}", Ids("postgres")));
            await wrk.WarmUpAsync("initial.postgres.reference.read", reference.Url, WrkLoad.Ids("/{id}", Ids("reference")));
            await MeasureBesideReferenceAsync("postgres", first.Url, Ids("postgres"), "postgres_reference", reference.Url);

            // The second instance shares the first one's database and key directory, as instances behind one proxy must.
            await using var second = await StartPasteAsync(directory, "postgres-b", environment);
            var nginxLog = Path.Combine(logs, "nginx.log");
            serverLogs.Add(nginxLog);
            await using var nginx = await NginxBalancer.StartAsync(Directory.CreateDirectory(Path.Combine(temporary, "nginx")).FullName, nginxLog, [first.Url, second.Url]);
            await wrk.WarmUpAsync("initial.postgres_pair.raw", nginx.Url, WrkLoad.Ids("/{id}/raw", Ids("postgres")));
            await wrk.WarmUpAsync("initial.postgres_pair.metadata", nginx.Url, WrkLoad.Ids("/{id}", Ids("postgres")));
            await MeasureBesideReferenceAsync("postgres_pair", nginx.Url, Ids("postgres"), "postgres_pair_reference", reference.Url);
        }

        await MemoryAsync(result, "postgres_", environment);
    }

    /// <summary>
    /// Part 3: create and raw read on a million stored pastes (seeded through the service), against part 1's Paste data,
    /// the two side by side and measured alternately, so that the machine's state minutes ago (builds, tests, the page
    /// cache) does not pass for an effect of scale.
    /// </summary>
    private async Task<ScaleResult> ScaleAsync()
    {
        var millionDirectory = Path.Combine(data, "million");
        await using var million = await StartPasteAsync(millionDirectory, "scale-million");
        Say($"scale: seeding {BenchSettings.Million} pastes of {BenchSettings.PasteBytes} B through POST /");
        var millionIds = await Seeder.SeedAsync(million.Url, BenchSettings.Million, BenchSettings.WrkConnections, BenchSettings.PasteBytes, Path.Combine(temporary, "million-all-ids.txt"));
        var readIds = millionIds.OrderBy(_ => Random.Shared.Next()).Take(BenchSettings.MillionReadIds).ToArray();
        await File.WriteAllLinesAsync(Ids("million"), readIds);

        await using var small = await StartPasteAsync(Path.Combine(data, "paste"), "scale-small");
        // Part 1's creates have added to its seeded pastes: what it holds now.
        var created = new[] { wrk.WarmUps.GetValueOrDefault("paste.create"), wrk.Results.GetValueOrDefault("paste.create") }
            .Sum(run => run is null ? 0 : run.Requests - run.Non2xx);
        var smallStored = settings.SeedCount + created;

        // Both sets of read ids are read once just now, so that neither side starts with a burst of access-time writes
        // that the other does not have.
        await Seeder.ReadEachAsync(small.Url, await File.ReadAllLinesAsync(Ids("paste")), BenchSettings.SeedConcurrency);
        await Seeder.ReadEachAsync(million.Url, readIds, BenchSettings.SeedConcurrency);
        var databaseMib = new FileInfo(Path.Combine(millionDirectory, "paste.db")).Length / 1048576.0;
        Say(string.Create(CultureInfo.InvariantCulture, $"scale: {BenchSettings.Million} pastes stored ({databaseMib:0} MiB) against {smallStored}; measuring both alternately"));

        // ABBA order: neither side always runs first.
        await wrk.MeasureAsync("small.raw", small.Url, WrkLoad.Ids("/{id}/raw", Ids("paste")));
        await wrk.MeasureAsync("million.raw", million.Url, WrkLoad.Ids("/{id}/raw", Ids("million")));
        await wrk.MeasureAsync("million.create", million.Url, WrkLoad.Post(smallPaste));
        await wrk.MeasureAsync("small.create", small.Url, WrkLoad.Post(smallPaste));
        return new ScaleResult(BenchSettings.Million, smallStored, Math.Round(databaseMib, 1));
    }

    /// <summary>
    /// The published Paste with its data in <paramref name="directory"/>, and <paramref name="environment"/> on top. The
    /// rate limits are lifted, not removed: measured against them, a benchmark would only count 429s.
    /// </summary>
    private Task<ServerProcess> StartPasteAsync(string directory, string name, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>
        {
            ["ConnectionStrings__Paste"] = $"Data Source={directory}/paste.db",
            ["Paste__Webhooks__SigningKeyPath"] = $"{directory}/webhook.key",
            ["Paste__Signatures__KeyRingPath"] = $"{directory}/keys",
            ["Paste__V1__BoxKeyPath"] = $"{directory}/box.key",
            ["Paste__RateLimits__AnonymousPermitsPerMinute"] = "1000000000",
            ["Paste__RateLimits__AuthenticatedPermitsPerMinute"] = "1000000000",
            ["Paste__RateLimits__RequestsPerMinute"] = "1000000000",
            ["Paste__RateLimits__ConcurrentUploadsPerClient"] = "100000",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        return StartServerAsync(pasteDll, directory, name, "/health", variables);
    }

    private Task<ServerProcess> StartReferenceAsync(string name)
    {
        var directory = Path.Combine(data, "reference");
        return StartServerAsync(referenceDll, directory, name, "/hello",
            new Dictionary<string, string> { ["ConnectionStrings__Reference"] = $"Data Source={directory}/reference.db" });
    }

    private Task<ServerProcess> StartServerAsync(string dll, string directory, string name, string readyPath, Dictionary<string, string> environment)
    {
        var log = Path.Combine(logs, $"{name}.log");
        serverLogs.Add(log);
        return ServerProcess.StartDotnetAsync(dll, directory, log, readyPath, environment);
    }

    private string Ids(string side) => Path.Combine(temporary, $"{side}-ids.txt");

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static void Say(string message) => Console.Error.WriteLine($"== {message}");
}
