using System.Net.Sockets;
using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// Clients that give up in the middle of an upload, against the real process and its real log: the service serves on,
/// and none of it is logged as an error or answered as a server error.
/// </summary>
public sealed class AbandonedRequestTests(StorageProvider provider) : StoreFixture(provider)
{
    private TestDatabase database = null!;

    [SetUp]
    public void SetUp() => database = new TestDatabase(Provider);

    [TearDown]
    public void TearDown() => database.Dispose();

    [Test]
    public async Task Uploads_abandoned_mid_body_are_not_server_errors_in_the_log()
    {
        var port = LoopbackPort.Free();
        await using var service = PasteExecutable.StartService(database, port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await PasteExecutable.WaitUntilHealthyAsync(service, client, client.BaseAddress);

        await AbandonAsync(port, reset: true);
        await AbandonAsync(port, reset: false);

        // A request after them is answered; the log is flushed when the process stops.
        var paste = await client.CreatePasteAsync("after the abandoned uploads");
        Assert.That(await client.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.Utf8("after the abandoned uploads")));
        service.Terminate();
        var stopped = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
        // A 5xx would be logged at error level too.
        Assert.That(stopped.StandardOutput, Does.Not.Contain(" ERR]"), stopped.ToString());
    }

    /// <summary>Announces 100 bytes, sends 3, then closes the connection, with a reset (RST) or the usual FIN.</summary>
    private static async Task AbandonAsync(int port, bool reset)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nabc"));
        await Task.Delay(300);
        if (reset)
        {
            socket.LingerState = new LingerOption(true, 0);
        }

        socket.Close();
    }
}
