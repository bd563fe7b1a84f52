using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// Uploads in progress per client IP (<c>Paste:RateLimits:ConcurrentUploadsPerClient</c>, 2 here), through a real
/// Kestrel on 127.0.0.1: X-Forwarded-For, believed from loopback, stands for the client's address. An upload is held
/// open by announcing a body, waiting for the server's <c>100 Continue</c> (sent once the upload has passed the limiter
/// and its body is being read) and then sending nothing.
/// </summary>
public sealed class ConcurrentUploadTests(StorageProvider provider) : StoreFixture(provider)
{
    private const string OneClient = "203.0.113.7";
    private const string AnotherClient = "203.0.113.8";

    private readonly List<RawConnection> connections = [];
    private PasteApiFactory factory = null!;
    private HttpClient client = null!;
    private CancellationTokenSource timeout = null!;

    [SetUp]
    public void StartApplication()
    {
        factory = new PasteApiFactory(
            new Dictionary<string, string?>
            {
                ["Paste:RateLimits:ConcurrentUploadsPerClient"] = "2",

                // A held upload sends nothing; the minimum body rate must not end it before the test does.
                ["Paste:Limits:MinRequestBodyGracePeriod"] = "00:05:00",
            },
            useKestrel: true,
            provider: Provider);
        client = factory.CreatePasteClient();

        // Generous bounds: a refusal that waited for a held upload to end would wait until these pass.
        client.Timeout = TimeSpan.FromSeconds(30);
        timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    }

    [TearDown]
    public async Task StopApplication()
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        client.Dispose();
        await factory.DisposeAsync();
        timeout.Dispose();
    }

    [Test]
    public async Task An_upload_beyond_the_limit_from_one_client_ip_is_refused_at_once_while_other_clients_upload()
    {
        await HoldUploadAsync(OneClient);
        await HoldUploadAsync(OneClient);

        using var refused = await UploadAsync(OneClient);
        using var other = await UploadAsync(AnotherClient);

        await RateLimitTests.TooManyAsync(refused);
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Created), await other.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_upload_that_ends_or_whose_client_hangs_up_gives_its_place_back()
    {
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

    /// <summary>Starts an upload from <paramref name="clientIp"/> and checks that the server has begun reading its body.</summary>
    private async Task<RawConnection> HoldUploadAsync(string clientIp)
    {
        var connection = await OpenAsync();
        await connection.SendAsync(UploadHead(clientIp) + "Expect: 100-continue\r\n\r\n");

        var answer = await connection.ReceiveUntilAsync(text => text.Contains("\r\n\r\n", StringComparison.Ordinal), timeout.Token);

        Assert.That(answer, Does.StartWith("HTTP/1.1 100 "), "the upload was not taken");
        return connection;
    }

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
