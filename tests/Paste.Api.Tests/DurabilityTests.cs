using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// A 201 is a promise: whatever the write path does, a paste the service acknowledged is still there, byte for byte,
/// after the process is killed outright in the middle of concurrent creates and started again on the same database,
/// and it is announced to every webhook receiver, since its announcement was committed with it.
/// </summary>
public sealed class DurabilityTests(StorageProvider provider) : StoreFixture(provider)
{
    /// <summary>
    /// How often the service is started on the same database and killed during a load: every start after the first
    /// recovers what the kill before left (a WAL never checkpointed, an outbox whose backlog was still going out) and is
    /// killed in turn, so what a recovery does is itself put to the test.
    /// </summary>
    private const int Rounds = 3;

    private const int Writers = 16;
    private const int MaxCreatesPerWriter = 2000;

    /// <summary>Per round.</summary>
    private const int MinimumAcknowledged = 50;

    /// <summary>
    /// The kill lands sooner than <see cref="KillAfter"/> once this many creates of the round are acknowledged: each is
    /// owed an announcement, and this count rather than the machine's create rate must bound the backlog that
    /// <see cref="AnnouncedWithin"/> waits for.
    /// </summary>
    private const int KillOnceAcknowledged = 500;

    /// <summary>
    /// The kill lands this long into the load (sooner at <see cref="KillOnceAcknowledged"/>), or later on a machine so
    /// slow that too few creates were acknowledged by then (up to <see cref="KillAtLatest"/>); the writers would only
    /// stop by themselves after that.
    /// </summary>
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan KillAtLatest = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WriteAtMost = KillAtLatest + TimeSpan.FromSeconds(2);

    /// <summary>
    /// For the announcements still owed once every paste has been read back, nearly all of them: under the load the
    /// dispatcher hardly gets a turn, and afterwards it sends at most four at a time to one receiver and records each
    /// attempt with a commit (an fsync) of its own, so three rounds of <see cref="KillOnceAcknowledged"/> can take
    /// tens of seconds on a slow disk.
    /// </summary>
    private static readonly TimeSpan AnnouncedWithin = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Every_acknowledged_paste_is_kept_and_announced_across_three_kills_during_concurrent_creates()
    {
        using var database = new TestDatabase(Provider);
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = WebhookApi.Settings([receiver.Url], PasteExecutable.Unthrottled);
        using var client = NewClient();
        var seed = Random.Shared.Next();
        var clock = Stopwatch.StartNew();
        var timeline = new List<string>();
        var acknowledged = new List<Acknowledged>();

        for (var round = 1; round <= Rounds; round++)
        {
            // Every writer of every round has a seed of its own, all derived from the one printed.
            var load = new CreateLoad(client, seed + (round * Writers));
            await KillDuringLoadAsync(database, settings, client, load, $"round {round}", timeline, clock);
            timeline.Add($"{receiver.Received.Count} webhook requests received so far");

            var acknowledgedNow = load.AcknowledgedPastes();
            var summary = $"round {round}: {acknowledgedNow.Count} acknowledged of {load.Attempted} creates attempted by {Writers} writers "
                + $"(seed {seed}), {load.StoppedByTheKill} writers still busy when the process died, other statuses: {load.OtherStatuses}";
            await TestContext.Out.WriteLineAsync(summary);
            Assert.That(acknowledgedNow, Has.Count.GreaterThanOrEqualTo(MinimumAcknowledged), $"too few creates to prove anything: {summary}");
            Assert.That(load.StoppedByTheKill, Is.Positive, $"the kill must land while creates are being sent: {summary}");
            acknowledged.AddRange(acknowledgedNow);
        }

        Assert.That(acknowledged.Select(p => p.Id).Distinct().Count(), Is.EqualTo(acknowledged.Count), "an id was acknowledged twice");

        var restartPort = LoopbackPort.Free();
        await using var restarted = PasteExecutable.StartService(database, restartPort, settings);
        var restartedAddress = await ConnectAsync(client, restarted, restartPort);
        timeline.Add($"up for the checks at {clock.Elapsed.TotalSeconds:0.0} s");
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

        timeline.Add($"{acknowledged.Count} read back at {clock.Elapsed.TotalSeconds:0.0} s");
        await TestContext.Out.WriteLineAsync(string.Join(", ", timeline));
        Assert.That(
            problems,
            Has.Count.Zero,
            $"{problems.Count} of {acknowledged.Count} acknowledged pastes did not survive the kills:{Environment.NewLine}"
                + string.Join(Environment.NewLine, problems.Take(20)));

        // The key the last process publishes: deliveries sent by every earlier one must verify with it too.
        using var keyClient = new HttpClient { BaseAddress = restartedAddress };
        var publicKey = await keyClient.GetWebhookPublicKeyAsync();
        var announcements = await receiver.WaitForDeliveriesAsync([.. acknowledged.Select(p => p.Url)], AnnouncedWithin);
        var deliveries = announcements.Values.Sum(a => a.Count);
        await TestContext.Out.WriteLineAsync(
            $"all {acknowledged.Count} announced at {clock.Elapsed.TotalSeconds:0.0} s: {deliveries} deliveries ({deliveries - acknowledged.Count} repeated), "
            + $"{receiver.Received.Count} requests received in all");
        foreach (var paste in acknowledged)
        {
            foreach (var announcement in announcements[paste.Url])
            {
                NotificationAssert.IsAuthenticNewPaste(publicKey, announcement, paste.Url);
            }
        }

        var repeatedAsNewEvents = announcements
            .Where(a => a.Value.Select(d => d.Header("webhook-id")).Distinct().Count() > 1)
            .Select(a => a.Key)
            .ToList();
        Assert.That(
            repeatedAsNewEvents,
            Is.Empty,
            "a repeated delivery must carry the webhook-id of the first, so that the receiver can drop it; it did not for: "
                + string.Join(", ", repeatedAsNewEvents.Take(20)));
    }

    /// <summary>
    /// Starts the service, runs <paramref name="load"/> against it and SIGKILLs it mid-load (see <see cref="KillAfter"/>);
    /// returns when the process is gone and every writer has stopped.
    /// </summary>
    private static async Task KillDuringLoadAsync(
        TestDatabase database, IReadOnlyDictionary<string, string?> settings, HttpClient client, CreateLoad load, string round, List<string> timeline, Stopwatch clock)
    {
        var port = LoopbackPort.Free();
        await using var service = PasteExecutable.StartService(database, port, settings);
        var address = await ConnectAsync(client, service, port);
        timeline.Add($"{round} up at {clock.Elapsed.TotalSeconds:0.0} s");
        using var abandon = new CancellationTokenSource();
        var writers = load.RunAsync(address, abandon.Token);

        while (load.Elapsed < KillAfter && load.AcknowledgedCount < KillOnceAcknowledged)
        {
            await Task.Delay(50);
        }

        while (load.AcknowledgedCount < MinimumAcknowledged && load.Elapsed < KillAtLatest)
        {
            await Task.Delay(50);
        }

        // SIGKILL while the writers keep going: no shutdown code runs, nothing is flushed or checkpointed by the application.
        timeline.Add($"killed {load.Elapsed.TotalSeconds:0.0} s into the load, {load.AcknowledgedCount} acknowledged by then");
        load.Killing();
        service.Kill();
        await service.WaitForExitAsync(TimeSpan.FromSeconds(10));

        // Requests cut off by the kill fail on their own; this only bounds one that would not.
        abandon.CancelAfter(TimeSpan.FromSeconds(5));
        await writers;
        timeline.Add($"writers stopped at {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>One client for every process of the test (absolute URIs), with a connection for every writer.</summary>
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

    /// <summary>
    /// A paste the service answered 201 for, with exactly the bytes that were sent and its absolute URL as announced:
    /// on the address of the process that took it (each round's has a port of its own).
    /// </summary>
    private sealed record Acknowledged(string Id, string Url, byte[] Body, string? ContentType)
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
                        acknowledged.Enqueue(new Acknowledged(paste.Id, WebhookApi.AnnouncedUrl(paste), body, contentType));
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
