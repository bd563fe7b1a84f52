using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// Slow clients cannot pin the server: Kestrel runs with the limits of <c>Paste:Limits</c>, and connections that send
/// slowly neither hold up other clients nor outlast those limits. Against a real Kestrel on 127.0.0.1, over raw sockets.
/// </summary>
public sealed class SlowClientTests(StorageProvider provider) : StoreFixture(provider)
{
    private const int SlowConnections = 50;

    /// <summary>How often a slow connection sends its next piece.</summary>
    private static readonly TimeSpan DripEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Generous for limits of 2 s on a loaded machine, and short of Kestrel's own 30 s headers timeout, so that the
    /// test fails if the configured limits do not reach the server.
    /// </summary>
    private static readonly TimeSpan ClosedWithin = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Kestrel_runs_with_the_services_own_limits_by_default()
    {
        await using var factory = new PasteApiFactory(useKestrel: true, provider: Provider);
        using var client = factory.CreatePasteClient();

        var limits = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limits.RequestHeadersTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(limits.MinRequestBodyDataRate?.BytesPerSecond, Is.EqualTo(1024));
            Assert.That(limits.MinRequestBodyDataRate?.GracePeriod, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(limits.KeepAliveTimeout, Is.EqualTo(TimeSpan.FromSeconds(75)));
            Assert.That(limits.MaxConcurrentConnections, Is.Null, "a cap on all connections is what a flood fills first");
        }
    }

    [Test]
    public async Task Fifty_slow_connections_neither_stop_a_normal_client_nor_outlast_the_limits()
    {
        // Bodies must arrive at 2 KiB/s here; the slow ones come at no more than 400 bytes/s, which Kestrel's own
        // minimum (240 bytes/s) would let through.
        await using var factory = new PasteApiFactory(
            new Dictionary<string, string?>
            {
                ["Paste:Limits:RequestHeadersTimeout"] = "00:00:02",
                ["Paste:Limits:MinRequestBodyBytesPerSecond"] = "2048",
                ["Paste:Limits:MinRequestBodyGracePeriod"] = "00:00:02",
            },
            useKestrel: true,
            provider: Provider);
        using var client = factory.CreatePasteClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        var server = client.BaseAddress!;
        using var deadline = new CancellationTokenSource(ClosedWithin);
        var connections = await Task.WhenAll(Enumerable.Range(0, SlowConnections).Select(_ => RawConnection.OpenAsync(server)));
        try
        {
            // Half never finish their headers; the other half are uploads, each from a client IP of its own (forwarded
            // by loopback, a trusted proxy) so that no per-client limit refuses them, whose bodies trickle.
            var headerDrips = connections.Where((_, i) => i % 2 == 0)
                .Select(connection => DripUntilClosedAsync(connection, "POST / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ", "a", deadline.Token))
                .ToList();
            var bodyDrips = connections.Where((_, i) => i % 2 == 1)
                .Select((connection, i) => DripUntilClosedAsync(connection, SlowUploadHead(i), new string('a', 100), deadline.Token))
                .ToList();

            var texts = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                var text = $"written while {SlowConnections} connections dawdle, {i}";
                var paste = await client.CreatePasteAsync(text);
                texts.Add(Encoding.UTF8.GetString(await client.GetRawBytesAsync(paste.Id)));
            }

            var headerAnswers = await Task.WhenAll(headerDrips);
            var bodyAnswers = await Task.WhenAll(bodyDrips);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(texts, Is.EqualTo(Enumerable.Range(0, 5).Select(i => $"written while {SlowConnections} connections dawdle, {i}")));

                // Kestrel answers an unfinished head with a bare 408 and closes; a reset may overtake the answer.
                Assert.That(headerAnswers, Has.None.Null, $"connections sending their headers slowly were still open after {ClosedWithin.TotalSeconds} s");
                Assert.That(headerAnswers.OfType<string>(), Has.All.Empty.Or.StartsWith("HTTP/1.1 408 "));
                Assert.That(bodyAnswers, Has.None.Null, $"uploads sending their bodies slowly were still open after {ClosedWithin.TotalSeconds} s");
                Assert.That(bodyAnswers.OfType<string>().Select(StatusAndError), Has.All.EqualTo((408, "Request body timed out")));
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    private static string SlowUploadHead(int client) =>
        $"POST / HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 203.0.113.{(client + 1).ToString(CultureInfo.InvariantCulture)}\r\n" +
        "Content-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n";

    private static (int Status, string? Error) StatusAndError(string answer)
    {
        var response = RawResponse.Parse(answer);
        using var body = JsonDocument.Parse(response.Body);
        return (response.Status, body.RootElement.GetProperty("error").GetString());
    }

    /// <summary>
    /// Sends <paramref name="start"/>, then <paramref name="drip"/> every <see cref="DripEvery"/> until the server
    /// answers; returns all the server sent before it closed the connection, or null if it was still open at the deadline.
    /// </summary>
    private static async Task<string?> DripUntilClosedAsync(RawConnection connection, string start, string drip, CancellationToken deadline)
    {
        await connection.SendAsync(start);
        var answer = connection.ReceiveToEndAsync(deadline);
        try
        {
            while (!answer.IsCompleted)
            {
                await Task.WhenAny(answer, Task.Delay(DripEvery, deadline));
                if (!answer.IsCompleted && !connection.HasAnswered)
                {
                    await connection.SendAsync(drip);
                }
            }

            return await answer;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
