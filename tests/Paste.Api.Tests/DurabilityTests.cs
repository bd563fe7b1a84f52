using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// A 201 is a promise: whatever the write path does, a paste the service acknowledged is still there, byte for byte,
/// after the process is killed outright in the middle of concurrent creates and started again on the same database.
/// </summary>
public sealed class DurabilityTests
{
    private const int Writers = 16;
    private const int MaxCreatesPerWriter = 2000;
    private const int MinimumAcknowledged = 50;

    /// <summary>
    /// The kill lands this long into the load, or later on a machine so slow that too few creates were acknowledged
    /// by then (up to <see cref="KillAtLatest"/>); the writers would only stop by themselves after that.
    /// </summary>
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan KillAtLatest = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WriteAtMost = KillAtLatest + TimeSpan.FromSeconds(2);

    /// <summary>The production limits (60 anonymous creates a minute per IP) would throttle the load itself.</summary>
    private static readonly Dictionary<string, string?> Unthrottled = new()
    {
        ["Paste:RateLimits:AnonymousPermitsPerMinute"] = "1000000",
        ["Paste:RateLimits:AuthenticatedPermitsPerMinute"] = "1000000",
        ["Paste:RateLimits:RequestsPerMinute"] = "1000000",
    };

    [Test]
    public async Task No_acknowledged_paste_is_lost_when_the_process_is_killed_during_concurrent_creates()
    {
        using var database = new TestDatabase();
        using var client = NewClient();
        var seed = Random.Shared.Next();
        var clock = Stopwatch.StartNew();
        var load = new CreateLoad(client, seed);
        var timeline = new List<string>();

        var port = LoopbackPort.Free();
        await using (var service = PasteExecutable.StartService(database, port, Unthrottled))
        {
            var address = await ConnectAsync(client, service, port);
            timeline.Add($"up at {clock.Elapsed.TotalSeconds:0.0} s");
            using var abandon = new CancellationTokenSource();
            var writers = load.RunAsync(address, abandon.Token);

            await Task.Delay(KillAfter);
            while (load.AcknowledgedCount < MinimumAcknowledged && load.Elapsed < KillAtLatest)
            {
                await Task.Delay(50);
            }

            // SIGKILL while the writers keep going: no shutdown code runs, nothing is flushed or checkpointed by the application.
            timeline.Add($"killed {load.Elapsed.TotalSeconds:0.0} s into the load");
            load.Killing();
            service.Kill();
            await service.WaitForExitAsync(TimeSpan.FromSeconds(10));

            // Requests cut off by the kill fail on their own; this only bounds one that would not.
            abandon.CancelAfter(TimeSpan.FromSeconds(5));
            await writers;
            timeline.Add($"writers stopped at {clock.Elapsed.TotalSeconds:0.0} s");
        }

        var acknowledged = load.AcknowledgedPastes();
        var summary = $"{acknowledged.Count} acknowledged of {load.Attempted} creates attempted by {Writers} writers (seed {seed}), "
            + $"{load.StoppedByTheKill} writers still busy when the process died, other statuses: {load.OtherStatuses}";
        await TestContext.Out.WriteLineAsync(summary);
        Assert.That(acknowledged, Has.Count.GreaterThanOrEqualTo(MinimumAcknowledged), $"too few creates to prove anything: {summary}");
        Assert.That(load.StoppedByTheKill, Is.Positive, $"the kill must land while creates are being sent: {summary}");
        Assert.That(acknowledged.Select(p => p.Id).Distinct().Count(), Is.EqualTo(acknowledged.Count), $"an id was acknowledged twice: {summary}");

        var restartPort = LoopbackPort.Free();
        await using var restarted = PasteExecutable.StartService(database, restartPort, Unthrottled);
        var restartedAddress = await ConnectAsync(client, restarted, restartPort);
        timeline.Add($"up again at {clock.Elapsed.TotalSeconds:0.0} s");
        var problems = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(
            acknowledged,
            new ParallelOptions { MaxDegreeOfParallelism = Writers },
            async (paste, cancellationToken) =>
            {
                if (await ProblemWithAsync(client, restartedAddress, paste, cancellationToken) is { } problem)
                {
                    problems.Enqueue(problem);
                }
            });

        timeline.Add($"{acknowledged.Count} checked at {clock.Elapsed.TotalSeconds:0.0} s");
        await TestContext.Out.WriteLineAsync(string.Join(", ", timeline));
        Assert.That(
            problems,
            Has.Count.Zero,
            $"{problems.Count} of {acknowledged.Count} acknowledged pastes did not survive the kill ({summary}):{Environment.NewLine}"
                + string.Join(Environment.NewLine, problems.Take(20)));
    }

    /// <summary>One client for both processes (absolute URIs), with a connection for every writer.</summary>
    private static HttpClient NewClient() =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = Writers * 2, AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(20),
        };

    /// <summary>The service's address once it answers /health.</summary>
    private static async Task<Uri> ConnectAsync(HttpClient client, ExternalProcess service, int port)
    {
        var address = new Uri($"http://127.0.0.1:{port}");
        await PasteExecutable.WaitUntilHealthyAsync(service, client, address);
        return address;
    }

    /// <summary>What is wrong with an acknowledged paste as the restarted service serves it, or null when nothing is.</summary>
    private static async Task<string?> ProblemWithAsync(HttpClient client, Uri address, Acknowledged paste, CancellationToken cancellationToken)
    {
        using (var raw = await client.GetAsync(new Uri(address, $"/{paste.Id}/raw"), cancellationToken))
        {
            if (raw.StatusCode != HttpStatusCode.OK)
            {
                return $"GET /{paste.Id}/raw ({paste.Describe()}): {(int)raw.StatusCode}";
            }

            var bytes = await raw.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!bytes.AsSpan().SequenceEqual(paste.Body))
            {
                return $"GET /{paste.Id}/raw ({paste.Describe()}): {bytes.Length} bytes that differ from those sent";
            }
        }

        using var metadata = await client.GetAsync(new Uri(address, $"/{paste.Id}"), cancellationToken);
        if (metadata.StatusCode != HttpStatusCode.OK)
        {
            return $"GET /{paste.Id} ({paste.Describe()}): {(int)metadata.StatusCode}";
        }

        var size = (await ResponseAssert.ParseAsync(metadata)).GetProperty("size").GetInt64();
        return size == paste.Body.Length ? null : $"GET /{paste.Id} ({paste.Describe()}): size {size}";
    }

    /// <summary>A paste the service answered 201 for, with exactly the bytes that were sent.</summary>
    private sealed record Acknowledged(string Id, byte[] Body, string? ContentType)
    {
        public string Describe() => $"{Body.Length} bytes, Content-Type {ContentType ?? "none"}";
    }

    /// <summary>
    /// <see cref="Writers"/> loops creating pastes as fast as the service takes them, each until a create fails once
    /// the process is being killed, <see cref="WriteAtMost"/> passes, or it made <see cref="MaxCreatesPerWriter"/>.
    /// </summary>
    private sealed class CreateLoad(HttpClient client, int seed)
    {
        private static readonly string[] TextPieces =
            ["the", "quick", "brown", "fox", " ", " ", " ", "\n", "\r\n", "\t", "{", "}", "=", "é", "ß", "€", "漢字", "😀", "0", "42"];

        private readonly ConcurrentQueue<Acknowledged> acknowledged = new();
        private readonly ConcurrentDictionary<HttpStatusCode, int> otherStatuses = new();
        private readonly Stopwatch clock = new();
        private int stoppedByTheKill;
        private int attempted;
        private volatile bool killing;

        public int AcknowledgedCount => acknowledged.Count;

        public TimeSpan Elapsed => clock.Elapsed;

        /// <summary>Every paste answered with a 201 so far.</summary>
        public List<Acknowledged> AcknowledgedPastes() => [.. acknowledged];

        /// <summary>Writers that were still sending creates when the process died, rather than done before it.</summary>
        public int StoppedByTheKill => Volatile.Read(ref stoppedByTheKill);

        public int Attempted => Volatile.Read(ref attempted);

        public string OtherStatuses =>
            otherStatuses.IsEmpty ? "none" : string.Join(", ", otherStatuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} x{s.Value}"));

        public Task RunAsync(Uri address, CancellationToken abandon)
        {
            clock.Start();
            return Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(() => WriteAsync(address, writer, abandon), CancellationToken.None)));
        }

        /// <summary>Called just before the kill: from now on a failed request is one the kill cut off, not a failure.</summary>
        public void Killing() => killing = true;

        private async Task WriteAsync(Uri address, int writer, CancellationToken abandon)
        {
            var random = new Random(seed + writer);
            for (var i = 0; i < MaxCreatesPerWriter && clock.Elapsed < WriteAtMost; i++)
            {
                var (body, contentType) = NextBody(random);
                Interlocked.Increment(ref attempted);
                try
                {
                    using var request = PasteApi.Post(PasteApi.Raw(body, contentType));
                    request.RequestUri = new Uri(address, "/");
                    using var response = await client.SendAsync(request, abandon);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var paste = await PasteApi.ReadCreatedAsync(response);
                        acknowledged.Enqueue(new Acknowledged(paste.Id, body, contentType));
                    }
                    else
                    {
                        otherStatuses.AddOrUpdate(response.StatusCode, 1, (_, count) => count + 1);
                    }
                }
                catch (Exception exception) when (killing && exception is HttpRequestException or IOException or OperationCanceledException)
                {
                    // In flight when the process died, or sent to a dead one: never acknowledged, so nothing is owed for it.
                    Interlocked.Increment(ref stoppedByTheKill);
                    return;
                }
            }
        }

        /// <summary>Mostly small binary bodies, a quarter text, a few large ones (all below the 3 MiB anonymous limit).</summary>
        private static (byte[] Body, string? ContentType) NextBody(Random random)
        {
            var kind = random.Next(100);
            if (kind < 3)
            {
                return (RandomBytes(random, random.Next(64 * 1024, (300 * 1024) + 1)), "application/octet-stream");
            }

            if (kind < 28)
            {
                return (Text(random, random.Next(1, (8 * 1024) + 1)), kind % 2 == 0 ? "text/plain; charset=utf-8" : null);
            }

            return (RandomBytes(random, random.Next(1, (8 * 1024) + 1)), kind % 2 == 0 ? "application/octet-stream" : null);
        }

        private static byte[] RandomBytes(Random random, int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        /// <summary>UTF-8 text of about <paramref name="length"/> bytes, with line breaks and multi-byte characters.</summary>
        private static byte[] Text(Random random, int length)
        {
            var text = new StringBuilder();
            for (var bytes = 0; bytes < length;)
            {
                var piece = TextPieces[random.Next(TextPieces.Length)];
                text.Append(piece);
                bytes += Encoding.UTF8.GetByteCount(piece);
            }

            return Encoding.UTF8.GetBytes(text.ToString());
        }
    }
}
