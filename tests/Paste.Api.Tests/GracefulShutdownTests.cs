using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// SIGTERM, as systemd and container runtimes send it, to the real process: it stops accepting, lets uploads in flight
/// finish within <c>Paste:ShutdownGrace</c>, cuts off the rest without acknowledging them, flushes its log and exits 0.
/// </summary>
public sealed partial class GracefulShutdownTests(StorageProvider provider) : StoreFixture(provider)
{
    private const int FinishingUploads = 6;
    private const int UploadSize = 256 * 1024;

    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(4);

    private TestDatabase database = null!;
    private HttpClient client = null!;

    [SetUp]
    public void SetUp()
    {
        database = new TestDatabase(Provider);
        // Every upload asks for "100 Continue" and its body goes out only once the server has answered it, which
        // Kestrel does when the service starts reading the body: an upload whose first half is sent is one the
        // service is in the middle of, not one still waiting in the listen queue.
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = FinishingUploads + 2, Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    [TearDown]
    public void TearDown()
    {
        client.Dispose();
        database.Dispose();
    }

    [Test]
    public async Task Uploads_in_flight_at_sigterm_are_acknowledged_and_kept_or_never_acknowledged()
    {
        var settings = new Dictionary<string, string?>(PasteExecutable.Unthrottled)
        {
            ["Paste:ShutdownGrace"] = "00:00:04",
            ["Serilog:MinimumLevel:Default"] = "Information",
        };
        var port = LoopbackPort.Free();
        var address = new Uri($"http://127.0.0.1:{port}");
        var uploads = Enumerable.Range(0, FinishingUploads).Select(i => new HeldUpload(TestData.RandomBytes(i, UploadSize), holdAfter: UploadSize / 2)).ToList();
        var cutOff = new HeldUpload(TestData.RandomBytes(99, UploadSize), holdAfter: UploadSize / 2);
        ProcessResult stopped;
        TimeSpan stopTook;
        List<HttpResponseMessage?> answers;
        HttpResponseMessage? cutOffAnswer;

        await using (var service = PasteExecutable.StartService(database, port, settings))
        {
            await PasteExecutable.WaitUntilHealthyAsync(service, client, address);
            var sent = uploads.Select(upload => SendAsync(address, upload)).ToList();
            var cutOffSent = SendAsync(address, cutOff);
            await Task.WhenAll(uploads.Append(cutOff).Select(upload => upload.Held)).WaitAsync(TimeSpan.FromSeconds(30));

            var clock = Stopwatch.StartNew();
            service.Terminate();
            await WaitUntilRefusedAsync(port);

            // Past the point of no new connections, well inside the grace period: these finish their bodies.
            uploads.ForEach(upload => upload.Release());
            answers = [.. await Task.WhenAll(sent)];

            // This one stays held past the deadline, until the process is gone: its body was never complete, so no
            // 201 can have been sent for it, and the rest of it goes to a closed connection.
            stopped = await service.WaitForExitAsync(Grace + TimeSpan.FromSeconds(20));
            stopTook = clock.Elapsed;
            cutOff.Release();
            cutOffAnswer = await cutOffSent.WaitAsync(TimeSpan.FromSeconds(20));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Select(answer => answer?.StatusCode), Is.All.EqualTo(HttpStatusCode.Created), stopped.ToString());
            Assert.That(cutOffAnswer?.StatusCode, Is.Not.EqualTo(HttpStatusCode.Created), "an upload cut off by the deadline is never acknowledged");
            Assert.That(stopped.ExitCode, Is.Zero, stopped.ToString());
            Assert.That(stopTook, Is.LessThan(Grace + TimeSpan.FromSeconds(15)), "the deadline cuts off what is still running");
            Assert.That(await database.CountAllAsync("Pastes"), Is.EqualTo(FinishingUploads), "only the acknowledged uploads are stored");

            // The log is flushed before the exit: every acknowledged create has its line.
            Assert.That(CreatedLogLine().Matches(stopped.StandardOutput), Has.Count.EqualTo(FinishingUploads), stopped.StandardOutput);
        }

        var restartPort = LoopbackPort.Free();
        var restartAddress = new Uri($"http://127.0.0.1:{restartPort}");
        await using var restarted = PasteExecutable.StartService(database, restartPort);
        await PasteExecutable.WaitUntilHealthyAsync(restarted, client, restartAddress);
        for (var i = 0; i < FinishingUploads; i++)
        {
            var created = await PasteApi.ReadCreatedAsync(answers[i]!);
            var stored = await client.GetByteArrayAsync(new Uri(restartAddress, $"/{created.Id}/raw"));
            Assert.That(stored, Is.EqualTo(uploads[i].Body), $"upload {i} reads back byte for byte after the restart");
        }
    }

    /// <summary>The answer to the upload, or null when the connection ended without one.</summary>
    private async Task<HttpResponseMessage?> SendAsync(Uri address, HeldUpload upload)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/")) { Content = upload };
            request.Headers.ExpectContinue = true;
            return await client.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Once the service has begun to stop, it takes no new connection.</summary>
    private static async Task WaitUntilRefusedAsync(int port)
    {
        await Eventually.ReturnsAsync(
            async () =>
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    return false;
                }
                catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    return true;
                }
            },
            refused => refused,
            "the port to refuse new connections after SIGTERM",
            timeout: TimeSpan.FromSeconds(10));
    }

    [GeneratedRegex(@"POST / responded 201 ")]
    private static partial Regex CreatedLogLine();

    /// <summary>
    /// A body with a Content-Length that sends its first <c>holdAfter</c> bytes, then waits for <see cref="Release"/>
    /// before sending the rest: an upload the server is in the middle of reading.
    /// </summary>
    private sealed class HeldUpload : HttpContent
    {
        private readonly TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int holdAfter;

        public HeldUpload(byte[] body, int holdAfter)
        {
            Body = body;
            this.holdAfter = holdAfter;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        }

        public byte[] Body { get; }

        /// <summary>Completes once the first part is on the wire.</summary>
        public Task Held => held.Task;

        public void Release() => released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Body.AsMemory(0, holdAfter));
            await stream.FlushAsync();
            held.TrySetResult();
            await released.Task;
            await stream.WriteAsync(Body.AsMemory(holdAfter));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Body.Length;
            return true;
        }
    }
}
