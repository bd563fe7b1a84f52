using System.Net;
using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Persistence;

/// <summary>
/// A SQLite database belongs to one service process, which keeps what it must remember on disk: the requests it has
/// accepted stay refused as replays after a restart, a second service on the same file does not start, the operator's
/// commands still run beside it, and what it creates is readable by its own user only.
/// </summary>
// SQLite only: on PostgreSQL every instance shares the database's replay table by design, and the server owns its files.
public sealed class SqliteOwnershipTests
{
    private TestDatabase database = null!;
    private HttpClient client = null!;
    private int port;

    [SetUp]
    public void SetUp()
    {
        database = new TestDatabase();
        port = LoopbackPort.Free();
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    [TearDown]
    public void TearDown()
    {
        client.Dispose();
        database.Dispose();
    }

    [Test]
    public async Task A_signed_request_and_a_sealed_call_replayed_after_the_service_was_killed_and_restarted_are_refused()
    {
        var added = await PasteExecutable.AdminAsync(database, "clients", "add", "replayed client");
        var key = SigningKey.Hmac(added.GetProperty("key_id").GetString()!, added.GetProperty("secret").GetString()!);
        var box = await BoxClient.RegisterAsync(database);
        using var create = PasteApi.Post(PasteApi.Raw(Encoding.UTF8.GetBytes($"signed once {Guid.NewGuid():N}"), "text/plain"));
        await RequestSigner.SignAsync(create, client.BaseAddress!, key);
        using var replayedCreate = await RequestSigner.CopyAsync(create);
        var call = box.Call("time_test");

        await using (var first = await StartServiceAsync())
        {
            using var created = await client.SendAsync(create);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), first.ToString());
            using var called = await BoxClient.PostAsync(client, call);
            Assert.That(called.StatusCode, Is.EqualTo(HttpStatusCode.OK), first.ToString());

            // Killed outright, as a crash or the OOM killer ends it: nothing of its shutdown runs.
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        var pastes = await database.CountAllAsync("Pastes");
        await using var restarted = await StartServiceAsync();

        using var replayed = await client.SendAsync(replayedCreate);
        await RequestSigner.AssertRefusedAsync(replayed);
        using var recalled = await BoxClient.PostAsync(client, call);
        Assert.That(recalled.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), restarted.ToString());
        Assert.That(await database.CountAllAsync("Pastes"), Is.EqualTo(pastes), "the replay created a paste");
    }

    [Test]
    public async Task A_second_service_on_the_same_database_exits_1_naming_it_while_the_operator_commands_run_beside_the_first()
    {
        await using var first = await StartServiceAsync();

        var second = await PasteExecutable.RunAsync(database, ["--urls", $"http://127.0.0.1:{LoopbackPort.Free()}"]);

        Assert.That(second.ExitCode, Is.EqualTo(1), second.ToString());
        var lines = second.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), second.ToString());
        Assert.That(lines[0], Does.Contain(database.FilePath).And.Contain("another service process"), second.ToString());

        var check = await PasteExecutable.RunAsync(database, ["check"]);
        Assert.That(check.ExitCode, Is.Zero, check.ToString());
        Assert.That(check.StandardOutput, Does.StartWith("ok: "), check.ToString());
        var backup = Path.Combine(database.DirectoryPath, "beside.backup");
        await PasteExecutable.AdminAsync(database, "backup", backup);
        Assert.That(File.Exists(backup), Is.True);
        await PasteExecutable.AdminAsync(database, "clients", "add", "added while the service runs");

        using var health = await client.GetAsync("/health");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), first.ToString());
    }

    [Test]
    public async Task On_a_fresh_data_directory_the_directory_is_0700_and_every_file_in_it_0600()
    {
        var dataDirectory = Path.Combine(database.DirectoryPath, "data");
        var databasePath = Path.Combine(dataDirectory, "paste.db");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Paste"] = $"Data Source={databasePath}" };

        await using var service = await StartServiceAsync(settings);
        using var created = await client.PostAsync("/", PasteApi.Raw(Encoding.UTF8.GetBytes("kept from other users"), "text/plain"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), service.ToString());

        // Windows has no file modes.
        if (!OperatingSystem.IsWindows())
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(File.GetUnixFileMode(dataDirectory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), dataDirectory);
                // The database with its WAL and shared memory, and the lock files beside it.
                var files = Directory.GetFiles(dataDirectory);
                Assert.That(files, Is.SupersetOf(new[] { databasePath, databasePath + "-wal", databasePath + "-shm", databasePath + ".service.lock" }));
                foreach (var file in files)
                {
                    Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), file);
                }
            }
        }
    }

    private async Task<ExternalProcess> StartServiceAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var service = PasteExecutable.StartService(database, port, settings);
        await PasteExecutable.WaitUntilHealthyAsync(service, client, client.BaseAddress!);
        return service;
    }
}
