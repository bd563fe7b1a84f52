using System.Globalization;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// A body's declared length costs no memory until its bytes arrive: many connections that each declare the largest
/// anonymous paste and send one byte leave the server's managed heap near where it started. Against a real Kestrel on
/// 127.0.0.1, over raw sockets, with the heap of this process (which hosts the server) sampled throughout.
/// Non-parallelizable: another fixture's allocations in the same process would blur the measure.
/// </summary>
[NonParallelizable]
public sealed class DeclaredLengthFloodTests(StorageProvider provider) : StoreFixture(provider)
{
    private const int Connections = 200;
    private const int Mebibyte = 1024 * 1024;

    /// <summary>The anonymous limit: the most any of them may declare.</summary>
    private const int Declared = 3 * Mebibyte;

    /// <summary>
    /// A quarter of the 600 MiB that buffers of the declared lengths would take together; a server whose memory follows
    /// the bytes received stays far below it.
    /// </summary>
    private const long HeapGrowthBound = Connections * (long)Declared / 4;

    /// <summary>Longer than the grace period and Kestrel's once-a-second check of body rates, on a loaded machine.</summary>
    private static readonly TimeSpan AnsweredWithin = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Connections_that_declare_megabytes_and_send_one_byte_leave_the_heap_near_its_start()
    {
        // The body timeout is what answers each connection, and its answer shows that the server was reading the body.
        await using var factory = new PasteApiFactory(
            new Dictionary<string, string?> { ["Paste:Limits:MinRequestBodyGracePeriod"] = "00:00:02" },
            useKestrel: true,
            provider: Provider);
        using var client = factory.CreatePasteClient();
        var server = client.BaseAddress!;
        (await client.PostAsync(new Uri("/", UriKind.Relative), PasteApi.Json("""{"content":"warms the server up"}"""))).Dispose();
        (await client.SubmitJsonAsync("""{"c":"warms the server up"}""")).Dispose();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakHeapAsync(sampling.Token);
        using var deadline = new CancellationTokenSource(AnsweredWithin);
        var connections = new List<RawConnection>();
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                connections.Add(await RawConnection.OpenAsync(server));
            }

            // JSON creates on POST / and /submit: both read their body whole before parsing it. One byte each.
            var answers = await Task.WhenAll(connections.Select(async (connection, i) =>
            {
                await connection.SendAsync(Head(i % 2 == 0 ? "/" : "/submit") + "{");
                return await connection.ReceiveToEndAsync(deadline.Token);
            }));
            await sampling.CancelAsync();
            var growth = await peak - baseline;

            using (Assert.EnterMultipleScope())
            {
                Assert.That(answers.Select(answer => RawResponse.Parse(answer).Status), Has.All.EqualTo(408), "every connection was read from until its body timed out");
                Assert.That(
                    growth,
                    Is.LessThan(HeapGrowthBound),
                    string.Create(CultureInfo.InvariantCulture, $"the managed heap grew by {growth / Mebibyte} MiB while {Connections} connections each declared {Declared / Mebibyte} MiB and sent one byte"));
            }

            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heap growth during the flood: {growth / (double)Mebibyte:0.0} MiB"));
        }
        finally
        {
            await sampling.CancelAsync();
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    private static string Head(string path) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {Declared}\r\n\r\n");

    /// <summary>The largest managed heap seen, sampled until cancelled.</summary>
    private static async Task<long> SamplePeakHeapAsync(CancellationToken stop)
    {
        var peak = 0L;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            do
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
        }

        return peak;
    }
}
