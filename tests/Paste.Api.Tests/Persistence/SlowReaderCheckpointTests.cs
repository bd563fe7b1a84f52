using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Persistence;

/// <summary>
/// A client reading a large paste slowly, though fast enough for Kestrel's minimum response rate, does not keep
/// SQLite from checkpointing its write-ahead log: the read lets its snapshot go after
/// <c>Paste:Storage:ReadSnapshotLimit</c> and is still served whole. Against a real Kestrel on 127.0.0.1, over a raw socket.
/// </summary>
// SQLite only: the write-ahead log and its checkpoint are SQLite's.
public sealed class SlowReaderCheckpointTests
{
    private const int PasteBytes = 24 * 1024 * 1024;

    /// <summary>What the slow reader takes at a time, every <see cref="ReadEvery"/>: about 40 KB/s, far above Kestrel's 240 bytes/s.</summary>
    private const int ReadBytes = 4096;

    private static readonly TimeSpan ReadEvery = TimeSpan.FromMilliseconds(100);

    [Test]
    public async Task A_slow_reader_of_a_large_paste_does_not_hold_back_the_checkpoint_and_gets_every_byte()
    {
        await using var factory = new PasteApiFactory(
            new Dictionary<string, string?>
            {
                ["Paste:MaxAnonymousBytes"] = (32 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
                ["Paste:Storage:ReadSnapshotLimit"] = "00:00:01",
            },
            useKestrel: true);
        using var client = factory.CreatePasteClient();
        var content = TestData.RandomBytes(27, PasteBytes);
        var paste = await client.CreatePasteAsync(content, "application/octet-stream");

        // A small receive window, so that the server's writes wait on this reader rather than on buffers of megabytes.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
        await socket.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /{paste.Id}/raw HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var received = new MemoryStream();
        var buffer = new byte[ReadBytes];

        var busy = await Eventually.ReturnsAsync(
            async () =>
            {
                received.Write(buffer, 0, await socket.ReceiveAsync(buffer));
                await Task.Delay(ReadEvery);

                // Something in the log after the reader's snapshot, then a checkpoint that must empty the whole log.
                await client.CreatePasteAsync("written while the large paste is read");
                return await CheckpointAsync(factory.Database.FilePath);
            },
            busy => !busy,
            "a checkpoint that empties the write-ahead log while the paste is being read");

        Assert.That(received.Length, Is.LessThan(PasteBytes), "the paste was still being read when the log was checkpointed");
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        var response = received.ToArray();
        var bodyStart = response.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(busy, Is.False);
            Assert.That(Encoding.ASCII.GetString(response, 0, bodyStart), Does.StartWith("HTTP/1.1 200 "));
            Assert.That(response.Length - bodyStart, Is.EqualTo(PasteBytes), "every byte of the paste");
            Assert.That(SHA256.HashData(response.AsSpan(bodyStart)), Is.EqualTo(SHA256.HashData(content)), "the paste as it was created");
        }
    }

    /// <summary>
    /// Checkpoints the whole write-ahead log and truncates it, without waiting: true when a reader of an older
    /// snapshot kept that from happening.
    /// </summary>
    private static async Task<bool> CheckpointAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using (var noWaiting = connection.CreateCommand())
        {
            noWaiting.CommandText = "PRAGMA busy_timeout = 0";
            await noWaiting.ExecuteNonQueryAsync();
        }

        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var reader = await checkpoint.ExecuteReaderAsync();
        await reader.ReadAsync();

        // The first column is 1 when the checkpoint could not finish.
        return reader.GetInt64(0) != 0;
    }
}
