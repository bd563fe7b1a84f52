using System.Globalization;
using System.Net;
using Paste.Api.Protection;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// Uploads in progress per client IP (<c>Paste:RateLimits:ConcurrentUploadsPerClient</c>, 2 here, and the queue
/// before them, <c>ConcurrentUploadQueuePerClient</c>, as each test sets it), through a real Kestrel on 127.0.0.1:
/// X-Forwarded-For, believed from loopback, stands for the client's address. An upload is held open by announcing a
/// body, waiting for the server's <c>100 Continue</c> (sent once the upload has passed the limiter and its body is
/// being read) and then sending nothing; a queued upload is one that gets no answer yet.
/// </summary>
public sealed class ConcurrentUploadTests(StorageProvider provider) : StoreFixture(provider)
{
    private const string OneClient = "203.0.113.7";
    private const string AnotherClient = "203.0.113.8";

    private readonly List<RawConnection> connections = [];
    private PasteApiFactory? factory;
    private HttpClient client = null!;
    private CancellationTokenSource timeout = null!;

    [SetUp]
    public void StartTimeout() =>
        // Generous bounds: a refusal that waited for a held upload to end would wait until this passes.
        timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

    [TearDown]
    public async Task StopApplication()
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        client?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        timeout.Dispose();
    }

    [Test]
    public async Task A_burst_of_small_creates_from_one_client_ip_is_served_whole_with_the_default_bound()
    {
        StartWithTheDefaultBound();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => CreateSmallPasteAsync()));

        Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.Created), $"{statuses.Count(status => status == HttpStatusCode.TooManyRequests)} of 64 refused");
    }

    [Test]
    public async Task Writers_creating_in_a_loop_from_one_client_ip_are_never_refused_with_the_default_bound()
    {
        StartWithTheDefaultBound();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
        {
            var mine = new List<HttpStatusCode>();
            for (var round = 0; round < 5; round++)
            {
                mine.Add(await CreateSmallPasteAsync());
            }

            return mine;
        }));

        var all = statuses.SelectMany(mine => mine).ToList();
        Assert.That(all, Has.All.EqualTo(HttpStatusCode.Created), $"{all.Count(status => status == HttpStatusCode.TooManyRequests)} of {all.Count} refused");
    }

    [Test]
    public async Task Without_a_queue_an_upload_beyond_the_limit_from_one_client_ip_is_refused_at_once_while_other_clients_upload()
    {
        Start(queue: 0);
        await HoldUploadAsync(OneClient);
        await HoldUploadAsync(OneClient);

        using var refused = await UploadAsync(OneClient);
        using var other = await UploadAsync(AnotherClient);

        await RateLimitTests.TooManyAsync(refused);
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Created), await other.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_upload_beyond_the_limit_waits_its_turn_and_one_beyond_the_queue_is_refused_at_once()
    {
        Start(queue: 1);
        var finishing = await HoldUploadAsync(OneClient);
        await HoldUploadAsync(OneClient);

        // Two more at once: whichever reaches the limiter first waits, and the other finds the queue full.
        var first = await StartUploadAsync(OneClient);
        var second = await StartUploadAsync(OneClient);
        var firstAnswer = ReceiveHeadAsync(first);
        var secondAnswer = ReceiveHeadAsync(second);
        var refusal = await Task.WhenAny(firstAnswer, secondAnswer);
        var waiting = refusal == firstAnswer ? secondAnswer : firstAnswer;
        using var other = await UploadAsync(AnotherClient);

        Assert.That(await refusal, Does.StartWith("HTTP/1.1 429 "), "the upload beyond the queue was not refused at once");
        Assert.That(waiting.IsCompleted, Is.False, "the queued upload was answered while both places were held");
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Created), await other.Content.ReadAsStringAsync());

        // A place given back goes to the waiting upload, which is then read and stored.
        await finishing.SendAsync("whole");
        Assert.That(RawResponse.Parse(await finishing.ReceiveToEndAsync(timeout.Token)).Status, Is.EqualTo(201));
        Assert.That(await waiting, Does.StartWith("HTTP/1.1 100 "), "the queued upload did not get the place given back");
    }

    [Test]
    public async Task An_upload_that_ends_or_whose_client_hangs_up_gives_its_place_back()
    {
        Start(queue: 0);

        var finishing = await HoldUploadAsync(OneClient);
        var vanishing = await HoldUploadAsync(OneClient);

        // The server learns of the hang-up in its own time; until then the place stays taken.
        vanishing.Abort();
        var afterHangUp = await Eventually.ReturnsAsync(
            () => UploadToTheEndAsync(OneClient), response => response.Status == 201, "an upload once a held one's client hung up", response => response.Head);
        await finishing.SendAsync("whole");
        var finished = RawResponse.Parse(await finishing.ReceiveToEndAsync(timeout.Token));

        Assert.That(finished.Status, Is.EqualTo(201), finished.Body);
        Assert.That(afterHangUp.Status, Is.EqualTo(201));

        // Both places are free again: two uploads are held at once from the same address.
        await HoldUploadAsync(OneClient);
        await HoldUploadAsync(OneClient);
    }

    private void Start(int queue)
    {
        factory = new PasteApiFactory(
            new Dictionary<string, string?>
            {
                ["Paste:RateLimits:ConcurrentUploadsPerClient"] = "2",
                ["Paste:RateLimits:ConcurrentUploadQueuePerClient"] = queue.ToString(CultureInfo.InvariantCulture),

                // A held upload sends nothing; the minimum body rate must not end it before the test does.
                ["Paste:Limits:MinRequestBodyGracePeriod"] = "00:05:00",
            },
            useKestrel: true,
            provider: Provider);
        client = factory.CreatePasteClient();
        client.Timeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>The bound on uploads and its queue as the service ships them; the per-minute budgets stay the fixture's.</summary>
    private void StartWithTheDefaultBound()
    {
        var defaults = new RateLimitSettings();
        factory = new PasteApiFactory(
            new Dictionary<string, string?>
            {
                ["Paste:RateLimits:ConcurrentUploadsPerClient"] = defaults.ConcurrentUploadsPerClient.ToString(CultureInfo.InvariantCulture),
                ["Paste:RateLimits:ConcurrentUploadQueuePerClient"] = defaults.ConcurrentUploadQueuePerClient.ToString(CultureInfo.InvariantCulture),
            },
            useKestrel: true,
            provider: Provider);
        client = factory.CreatePasteClient();
        client.Timeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>A whole 1 KiB create from <see cref="OneClient"/>, each on a connection of its own as parallel clients have.</summary>
    private async Task<HttpStatusCode> CreateSmallPasteAsync()
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8(new string('x', 1024)), "text/plain"));
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", OneClient);
        using var response = await client.SendAsync(request, timeout.Token);
        return response.StatusCode;
    }

    /// <summary>Starts an upload from <paramref name="clientIp"/> and checks that the server has begun reading its body.</summary>
    private async Task<RawConnection> HoldUploadAsync(string clientIp)
    {
        var connection = await StartUploadAsync(clientIp);

        var answer = await ReceiveHeadAsync(connection);

        Assert.That(answer, Does.StartWith("HTTP/1.1 100 "), "the upload was not taken");
        return connection;
    }

    /// <summary>Sends the head of an upload from <paramref name="clientIp"/> that waits for the server's <c>100 Continue</c>.</summary>
    private async Task<RawConnection> StartUploadAsync(string clientIp)
    {
        var connection = await OpenAsync();
        await connection.SendAsync(UploadHead(clientIp) + "Expect: 100-continue\r\n\r\n");
        return connection;
    }

    private Task<string> ReceiveHeadAsync(RawConnection connection) =>
        connection.ReceiveUntilAsync(text => text.Contains("\r\n\r\n", StringComparison.Ordinal), timeout.Token);

    /// <summary>A whole upload on a connection of its own, read until the server closes it, that is, until the request has ended.</summary>
    private async Task<RawResponse> UploadToTheEndAsync(string clientIp)
    {
        var connection = await OpenAsync();
        await connection.SendAsync(UploadHead(clientIp) + "\r\nwhole");
        return RawResponse.Parse(await connection.ReceiveToEndAsync(timeout.Token));
    }

    private async Task<HttpResponseMessage> UploadAsync(string clientIp)
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("uploaded"), "text/plain"));
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", clientIp);
        return await client.SendAsync(request);
    }

    private async Task<RawConnection> OpenAsync()
    {
        var connection = await RawConnection.OpenAsync(client.BaseAddress!);
        connections.Add(connection);
        return connection;
    }

    private static string UploadHead(string clientIp) =>
        $"POST / HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: {clientIp}\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n";
}
