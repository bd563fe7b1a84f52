using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Paste.Api.Tests.Clients;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Deployment;

/// <summary>
/// Two real service processes on one PostgreSQL database and one key directory, behind real nginx balancing
/// round-robin across both: what several instances must share (pastes, the replay guard of signed requests, the rate
/// limit windows, the outbox's leases) is shared, and one instance killed outright loses nothing it acknowledged. Each
/// test starts its own instances on a fresh database, because several need settings of their own or kill one.
/// nginx and PostgreSQL's server binaries are requirements (CI installs them).
/// </summary>
public sealed class TwoInstanceTests
{
    /// <summary>
    /// Signed as the Host header, and sent unchanged to either instance, so that a replay is byte for byte; one of the
    /// host names the service answers to by default.
    /// </summary>
    private const string SharedHostName = "localhost";

    private static readonly TimeSpan ShortWebhookTimeout = TimeSpan.FromSeconds(2);

    private static readonly string[] SixAlternatingCreates = ["A: 201", "B: 201", "A: 201", "B: 201", "A: 201", "B: 201"];

    private string workDirectory = null!;
    private PostgresDeployment deployment = null!;
    private SigningKey registeredClient = null!;
    private NginxProxy? proxy;
    private HttpClient? balanced;

    [SetUp]
    public async Task RegisterAClientOnAFreshDatabase()
    {
        workDirectory = Directory.CreateTempSubdirectory("paste-two-instances-").FullName;
        deployment = await PostgresDeployment.CreateAsync();

        // Before any instance starts, as an operator does: the command creates the schema and the key ring that both
        // instances then read the client's secret with.
        registeredClient = await deployment.AddClientAsync("two instances");
    }

    [TearDown]
    public async Task StopEverythingAndRemoveTheirFiles()
    {
        balanced?.Dispose();
        balanced = null;
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
            proxy = null;
        }

        if (deployment is not null)
        {
            await deployment.DisposeAsync();
        }

        if (workDirectory is not null)
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    [Test]
    public async Task A_paste_created_through_one_instance_reads_back_byte_exact_through_the_other_and_a_delete_through_the_other_is_seen_by_the_first()
    {
        var (a, b) = await StartBothAsync(PasteExecutable.Unthrottled);
        var viaNginx = await StartNginxAsync(a, b);
        var body = TestData.RandomBytes(1, 256 * 1024);

        using var created = await a.Client.SendSignedAsync(HttpMethod.Post, "/", registeredClient, content: PasteApi.Raw(body, "application/octet-stream"));
        var paste = await PasteApi.ReadCreatedAsync(created);
        var throughB = await b.Client.GetRawBytesAsync(paste.Id);
        // Round-robin: two reads through nginx are answered one by each instance.
        var throughNginx = new[] { await viaNginx.GetRawBytesAsync(paste.Id), await viaNginx.GetRawBytesAsync(paste.Id) };
        var stored = await deployment.ScalarAsync<long>("SELECT COUNT(*) FROM \"Pastes\"");

        using var deleted = await b.Client.DeleteSignedAsync(paste.Id, registeredClient);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(SHA256.HashData(throughB), Is.EqualTo(SHA256.HashData(body)), "instance B returns the bytes stored through A");
            Assert.That(throughNginx.Select(SHA256.HashData), Has.All.EqualTo(SHA256.HashData(body)), "both instances behind nginx return them");
            Assert.That(stored, Is.EqualTo(1), "one paste, in the one database");

            // B could verify the client's signature only with the secret the operator command protected in the shared key ring.
            Assert.That((await ResponseAssert.JsonAsync(deleted, HttpStatusCode.OK)).GetProperty("message").GetString(), Is.EqualTo("Paste deleted"));
            Assert.That(await a.Client.StatusOfAsync($"/{paste.Id}"), Is.EqualTo(HttpStatusCode.NotFound), "A no longer has the paste B deleted");
            Assert.That(await a.Client.StatusOfAsync($"/{paste.Id}/raw"), Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task A_signed_request_accepted_by_one_instance_and_replayed_byte_for_byte_against_the_other_is_refused_as_already_used()
    {
        var (a, b) = await StartBothAsync(PasteExecutable.Unthrottled);
        using var original = new HttpRequestMessage(HttpMethod.Post, new Uri(a.Address, "/"))
        {
            Content = PasteApi.Raw(TestData.Utf8($"signed once {Guid.NewGuid():N}"), "text/plain"),
        };
        original.Headers.Host = SharedHostName;
        await RequestSigner.SignAsync(original, a.Address, registeredClient);
        using var replay = await RequestSigner.CopyAsync(original);
        replay.RequestUri = new Uri(b.Address, "/");

        using var accepted = await a.Client.SendAsync(original);
        var paste = await PasteApi.ReadCreatedAsync(accepted);
        using var refused = await b.Client.SendAsync(replay);

        var requestId = ResponseAssert.Header(refused, ResponseAssert.RequestIdHeader);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResponseAssert.StringMember(paste.Body, "owner"), Is.EqualTo(registeredClient.KeyId), "A accepted the signature");
            await RequestSigner.AssertRefusedAsync(refused);
            Assert.That(await deployment.ScalarAsync<long>("SELECT COUNT(*) FROM \"Pastes\""), Is.EqualTo(1), "the replay stored nothing");
        }

        // Every refusal looks the same to the caller; B's log says why, under the refused request's id.
        var reason = await Eventually.ReturnsAsync(
            () => Task.FromResult(b.Process.StandardOutput.Split('\n').FirstOrDefault(line => line.Contains($"[rid={requestId}]", StringComparison.Ordinal) && line.Contains("Signed request refused", StringComparison.Ordinal))),
            line => line is not null,
            $"B's log line of the refusal of request {requestId}",
            _ => b.Process.StandardOutput);
        Assert.That(reason, Does.Contain("the signature was already used"));
    }

    [Test]
    public async Task The_anonymous_create_limit_counts_the_creates_of_both_instances_together()
    {
        // A window of an hour, so that no window boundary falls between the first create and the seventh.
        var (a, b) = await StartBothAsync(new Dictionary<string, string?> { ["Paste:RateLimits:AnonymousCreates:0"] = "6 per hour" });

        var statuses = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var instance = i % 2 == 0 ? a : b;
            using var response = await instance.Client.PostRawAsync(TestData.Utf8($"create {i} {Guid.NewGuid():N}"), "text/plain");
            statuses.Add($"{instance.Name}: {(int)response.StatusCode}");
        }

        using var seventhOnA = await a.Client.PostRawAsync(TestData.Utf8($"one too many {Guid.NewGuid():N}"), "text/plain");
        using var seventhOnB = await b.Client.PostRawAsync(TestData.Utf8($"one too many {Guid.NewGuid():N}"), "text/plain");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Is.EqualTo(SixAlternatingCreates), "six creates, three on each, are within the limit");
            await RateLimitTests.TooManyAsync(seventhOnA, windowSeconds: 3600);
            await RateLimitTests.TooManyAsync(seventhOnB, windowSeconds: 3600);
            Assert.That(await deployment.ScalarAsync<long>("SELECT COUNT(*) FROM \"Pastes\""), Is.EqualTo(6));
        }
    }

    [Test]
    public async Task Each_webhook_event_reaches_each_receiver_exactly_once_with_both_instances_dispatching()
    {
        const int pastes = 30;
        await using var first = await WebhookReceiver.StartAsync();
        await using var second = await WebhookReceiver.StartAsync();
        // The default timeout of 10 s: a slow answer on a loaded machine must not be retried, which would be a repeat
        // the outbox is allowed (at least once) rather than one that two dispatchers sending the same delivery cause.
        var settings = WebhookApi.Settings([first.Url, second.Url], PasteExecutable.Unthrottled);
        var (a, b) = await StartBothAsync(settings);

        var urls = new List<string>();
        for (var i = 0; i < pastes; i++)
        {
            var instance = i % 2 == 0 ? a : b;
            var paste = await instance.Client.CreatePasteAsync($"announced {i} {Guid.NewGuid():N}");
            urls.Add(WebhookApi.AnnouncedUrl(paste));
        }

        await first.WaitForDeliveriesAsync(urls, TimeSpan.FromSeconds(30));
        await second.WaitForDeliveriesAsync(urls, TimeSpan.FromSeconds(30));

        // Long enough for a second dispatcher holding the same delivery to have sent it too.
        await Task.Delay(TimeSpan.FromSeconds(3));
        using (Assert.EnterMultipleScope())
        {
            foreach (var receiver in new[] { first, second })
            {
                var received = receiver.Received;
                var repeated = received.GroupBy(r => r.Header("webhook-id")).Where(g => g.Count() > 1).Select(g => string.Join(Environment.NewLine, g));
                Assert.That(repeated, Is.Empty, $"event ids that arrived more than once at {receiver.Url}");
                Assert.That(received.Select(r => r.Header("webhook-id")).Distinct().Count(), Is.EqualTo(pastes), $"one event per paste at {receiver.Url}");
                Assert.That(received.Select(r => r.PasteUrl()), Is.EquivalentTo(urls), $"each paste announced at {receiver.Url}");
            }

            Assert.That(
                await deployment.ScalarAsync<long>($"SELECT COUNT(*) FROM \"WebhookDeliveries\" WHERE \"Status\" = 1 AND \"Attempts\" = 1"),
                Is.EqualTo(2 * pastes),
                "every delivery recorded as delivered at its first attempt");
        }
    }

    [Test]
    public async Task Killing_one_instance_under_concurrent_creates_loses_no_acknowledged_paste_and_the_other_keeps_serving()
    {
        const int creators = 8;
        var (a, b) = await StartBothAsync(PasteExecutable.Unthrottled);
        var viaNginx = await StartNginxAsync(a, b);

        var acknowledged = new ConcurrentBag<(string Id, byte[] Body, bool AfterKill)>();
        var failures = new ConcurrentBag<string>();
        var killed = 0;
        using var stop = new CancellationTokenSource();
        async Task CreateUntilStoppedAsync(int creator)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var body = TestData.RandomBytes((creator * 1_000_000) + n, 1024 + (n % 16 * 1024));
                // Read before the request starts: a create acknowledged "after the kill" was sent when A was already dead.
                var sentAfterKill = Volatile.Read(ref killed) == 1;
                try
                {
                    using var response = await viaNginx.PostRawAsync(body, "application/octet-stream");
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add(((await PasteApi.ReadCreatedAsync(response)).Id, body, sentAfterKill));
                    }
                    else
                    {
                        failures.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (HttpRequestException exception)
                {
                    failures.Add(exception.Message);
                }
            }
        }

        var load = Enumerable.Range(0, creators).Select(creator => Task.Run(() => CreateUntilStoppedAsync(creator))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var beforeKill = acknowledged.Count;
        await a.KillAsync();
        Volatile.Write(ref killed, 1);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(30));

        var after = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var paste = await viaNginx.CreatePasteAsync($"after the kill {i} {Guid.NewGuid():N}");
            after.Add(paste.Id);
        }

        var missing = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (paste, cancellationToken) =>
        {
            using var response = await b.Client.GetAsync(new Uri($"/{paste.Id}/raw", UriKind.Relative), cancellationToken);
            var stored = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsByteArrayAsync(cancellationToken) : null;
            if (stored is null || !stored.AsSpan().SequenceEqual(paste.Body))
            {
                missing.Add($"{paste.Id}: {(int)response.StatusCode}, {stored?.Length ?? 0} of {paste.Body.Length} bytes");
            }
        });

        var served = await File.ReadAllTextAsync(proxy!.AccessLogPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(beforeKill, Is.Positive, "creates were acknowledged before the kill");
            Assert.That(served, Does.Contain($"upstream=127.0.0.1:{a.Port} "), "A served some of them");
            Assert.That(acknowledged.Count(p => p.AfterKill), Is.Positive, "creates sent after the kill were acknowledged while the load went on");
            Assert.That(missing, Is.Empty, $"of {acknowledged.Count} acknowledged pastes, those B does not return byte for byte");
            // At most the one request of each creator that A had in hand: nginx passes on to B any request A never got.
            Assert.That(failures, Has.Count.LessThanOrEqualTo(creators), string.Join(Environment.NewLine, failures));
            Assert.That(failures, Has.All.StartWith("502"), "only what was in flight on A fails, with nginx's 502");
            Assert.That(after, Has.Count.EqualTo(5), "creates through nginx succeed after the kill");
        }
    }

    [Test]
    public async Task A_webhook_leased_by_an_instance_that_is_killed_mid_attempt_is_delivered_by_the_survivor_after_the_lease_ends()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Holds the request open with no answer: A is in the middle of its attempt for as long as it lives.
        receiver.AnswerDelay = TimeSpan.FromSeconds(60);
        var settings = WebhookApi.Settings(
            [receiver.Url],
            new Dictionary<string, string?> { ["Paste:Webhooks:Timeout"] = ShortWebhookTimeout.ToString("c", CultureInfo.InvariantCulture) });

        // B does not run yet, so that only A can lease the delivery.
        var a = deployment.Start("A", settings);
        await a.WaitUntilHealthyAsync();
        var paste = await a.Client.CreatePasteAsync($"leased, then orphaned {Guid.NewGuid():N}");
        var pasteUrl = WebhookApi.AnnouncedUrl(paste);
        var held = (await receiver.WaitForAsync(all => all.Count > 0, "A's attempt")).Single();
        var clock = Stopwatch.StartNew();
        await a.KillAsync();
        var killedAfter = clock.Elapsed + (DateTimeOffset.UtcNow - held.ReceivedAt);
        receiver.AnswerDelay = TimeSpan.Zero;

        var leasedUntil = await deployment.ScalarAsync<long>("SELECT \"LeasedUntil\" FROM \"WebhookDeliveries\"");
        var attemptsRecorded = await deployment.ScalarAsync<int>("SELECT \"Attempts\" FROM \"WebhookDeliveries\"");
        Assert.That(
            attemptsRecorded,
            Is.Zero,
            $"A was killed {killedAfter.TotalSeconds:0.0} s into its attempt, yet recorded its outcome: the kill came too late (Timeout {ShortWebhookTimeout.TotalSeconds} s)");

        var b = deployment.Start("B", settings);
        await b.WaitUntilHealthyAsync();
        var bServingAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var delivered = await receiver.WaitForDeliveryAsync(pasteUrl, TimeSpan.FromSeconds(40));
        // B records the outcome just after the receiver has answered.
        var status = await Eventually.ReturnsAsync(
            () => deployment.ScalarAsync<int>("SELECT \"Status\" FROM \"WebhookDeliveries\""), value => value != 0, "the delivery's outcome recorded");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(held.Answer, Is.Null, "A's attempt never got an answer");
            Assert.That(delivered.Header("webhook-id"), Is.EqualTo(held.Header("webhook-id")), "B delivered the event A was attempting");
            Assert.That(delivered.ReceivedAt.ToUnixTimeMilliseconds(), Is.GreaterThanOrEqualTo(leasedUntil),
                $"B waited for A's lease to end (B was serving {leasedUntil - bServingAt} ms before it ended)");
            Assert.That(receiver.For(pasteUrl), Has.Count.EqualTo(2), "A's attempt and B's delivery, nothing more");
            Assert.That(status, Is.EqualTo(1), "recorded as delivered");
        }
    }

    [Test]
    public async Task A_webhook_an_instance_was_attempting_when_it_stopped_is_sent_by_the_other_without_waiting_for_the_lease()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerDelay = TimeSpan.FromSeconds(60);

        // A long timeout, so a long lease (65 s): only the lease given back at the stop lets B send it within the wait.
        var settings = WebhookApi.Settings([receiver.Url], new Dictionary<string, string?> { ["Paste:Webhooks:Timeout"] = "00:00:30" });
        var a = deployment.Start("A", settings);
        await a.WaitUntilHealthyAsync();
        var paste = await a.Client.CreatePasteAsync($"leased, then given back {Guid.NewGuid():N}");
        var pasteUrl = WebhookApi.AnnouncedUrl(paste);
        var held = (await receiver.WaitForAsync(all => all.Count > 0, "A's attempt")).Single();
        var leasedUntil = await deployment.ScalarAsync<long>("SELECT \"LeasedUntil\" FROM \"WebhookDeliveries\"");

        a.Process.Terminate();
        var stopped = await a.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        receiver.AnswerDelay = TimeSpan.Zero;
        var b = deployment.Start("B", settings);
        await b.WaitUntilHealthyAsync();
        var delivered = await receiver.WaitForDeliveryAsync(pasteUrl, TimeSpan.FromSeconds(20));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stopped.ExitCode, Is.Zero, "A stopped cleanly");
            Assert.That(delivered.Header("webhook-id"), Is.EqualTo(held.Header("webhook-id")), "B sent the event A was attempting");
            Assert.That(delivered.ReceivedAt.ToUnixTimeMilliseconds(), Is.LessThan(leasedUntil), "B did not wait for A's lease to run out");
        }
    }

    /// <summary>Starts A and B together on the shared database and key directory and waits until both are healthy.</summary>
    private async Task<(PasteInstance A, PasteInstance B)> StartBothAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var started = await deployment.StartHealthyAsync(["A", "B"], settings);
        return (started[0], started[1]);
    }

    /// <summary>nginx balancing round-robin across both instances; returns a client of it.</summary>
    private async Task<HttpClient> StartNginxAsync(PasteInstance a, PasteInstance b)
    {
        var port = LoopbackPort.Free();
        var address = new Uri($"http://127.0.0.1:{port}");
        proxy = NginxProxy.StartBalancer(Directory.CreateDirectory(Path.Combine(workDirectory, "nginx")).FullName, port, [a.Port, b.Port]);
        balanced = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        await proxy.WaitUntilAnsweringAsync(balanced, address);
        return balanced;
    }
}
