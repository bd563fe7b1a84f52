using System.Globalization;
using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;
using Sodium;

namespace Paste.Api.Tests.ServerFunctions;

/// <summary>
/// The server's box key, with the real executable: created owner-only on first start, the same key after every restart
/// and in every <c>clients add --box-key</c>. That a backup carries it is a test of <see cref="Paste.Api.Tests.BackupRestoreTests"/>.
/// </summary>
public sealed class BoxKeyTests(StorageProvider provider) : StoreFixture(provider)
{
    private TestDatabase original = null!;

    [SetUp]
    public void SetUp() => original = new TestDatabase(Provider);

    [TearDown]
    public void TearDown() => original.Dispose();

    [Test]
    public async Task The_first_start_creates_an_owner_only_32_byte_key_that_every_restart_keeps()
    {
        var path = original.BoxKeyPath;
        Assert.That(File.Exists(path), Is.False);

        var port = LoopbackPort.Free();
        await using (var service = PasteExecutable.StartService(original, port))
        {
            (await ConnectAsync(service, port)).Dispose();
        }

        var key = await File.ReadAllBytesAsync(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(key, Has.Length.EqualTo(32));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }
        }

        // Each command is a restart of its own: what it prints is the public half of the key kept in the file.
        var first = await BoxClient.RegisterAsync(original, "first");
        var second = await BoxClient.RegisterAsync(original, "second");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.ServerPublicKey, Is.EqualTo(ScalarMult.Base(key)));
            Assert.That(second.ServerPublicKey, Is.EqualTo(first.ServerPublicKey));
            Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(key));
        }

        var restartPort = LoopbackPort.Free();
        await using var restarted = PasteExecutable.StartService(original, restartPort);
        using var restartedHttp = await ConnectAsync(restarted, restartPort);
        await AssertCallAnsweredAsync(restartedHttp, first);
        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(key), "the restarted service kept the key");
    }

    [Test]
    public async Task Commands_started_together_on_a_new_data_directory_agree_on_one_key_printed_as_plain_base64()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PasteExecutable.RunAsync(original, ["clients", "server-key"])));

        Assert.That(results.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n", results.Select(r => r.ToString())));
        var printed = results.Select(r => r.Json().GetProperty("server_public_key").GetString()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(printed, Is.All.EqualTo(Convert.ToBase64String(ScalarMult.Base(await File.ReadAllBytesAsync(original.BoxKeyPath)))));
            Assert.That(results.Select(r => r.StandardOutput), Is.All.Not.Contain("\\u00"), "base64 printed with JSON escapes");
            Assert.That(Directory.GetFiles(original.DirectoryPath, "*.new"), Is.Empty, "a key written by a loser of the race is left behind");
        }
    }

    /// <summary>The built-in time_test answers the client: the service opened every field sealed to its key.</summary>
    internal static async Task AssertCallAnsweredAsync(HttpClient http, BoxClient client)
    {
        using var response = await BoxClient.PostAsync(http, client.Call("time_test"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        using var json = JsonDocument.Parse(body);
        Assert.That(json.RootElement.GetProperty("value").GetString(), Does.Match(@"^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$"), body);
    }

    private static async Task<HttpClient> ConnectAsync(ExternalProcess service, int port)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"), Timeout = TimeSpan.FromSeconds(30) };
        await PasteExecutable.WaitUntilHealthyAsync(service, http, http.BaseAddress);
        return http;
    }
}
