using System.Collections.Concurrent;
using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// The operator's <c>backup</c>, <c>restore</c> and <c>check</c> commands, run as the real executable against a real
/// service process: a backup taken while pastes are being written restores, on a fresh directory, to a service that
/// has every paste acknowledged before the backup began, its webhook key and its registered clients.
/// </summary>
// SQLite only (but for the refusal on PostgreSQL below): these commands copy a SQLite file; PostgreSQL is pg_dump's.
public sealed class BackupRestoreTests
{
    private const int Writers = 4;
    private const int AcknowledgedBeforeBackup = 40;

    private TestDatabase original = null!;
    private TestDatabase restored = null!;
    private string backupFile = null!;

    [SetUp]
    public void SetUp()
    {
        original = new TestDatabase();
        restored = new TestDatabase();
        backupFile = Path.Combine(original.DirectoryPath, "backup.db");
    }

    [TearDown]
    public void TearDown()
    {
        original.Dispose();
        restored.Dispose();
    }

    [Test]
    public async Task A_backup_taken_under_write_load_restores_everything_acknowledged_before_it_began()
    {
        var client = await PasteExecutable.AdminAsync(original, "clients", "add", "nightly job");
        var signingKey = SigningKey.Hmac(client.GetProperty("key_id").GetString()!, client.GetProperty("secret").GetString()!);
        byte[] webhookKey;
        List<(string Id, byte[] Body)> beforeBackup;
        PrintedSummary backup;

        var port = LoopbackPort.Free();
        await using (var service = PasteExecutable.StartService(original, port, PasteExecutable.Unthrottled))
        {
            using var http = await ConnectAsync(service, port);
            webhookKey = await http.GetWebhookPublicKeyAsync();
            var acknowledged = new ConcurrentQueue<(string Id, byte[] Body)>();
            using var stopWriting = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => WriteUntilAsync(http, writer, acknowledged, stopWriting.Token)));
            await Eventually.ReturnsAsync(() => Task.FromResult(acknowledged.Count), count => count >= AcknowledgedBeforeBackup, "creates before the backup");

            // Everything acknowledged now was committed before the backup starts; the writers go on while it runs.
            beforeBackup = [.. acknowledged];
            var result = await PasteExecutable.RunAsync(original, ["backup", backupFile]);
            var whenBackupEnded = acknowledged.Count;
            await stopWriting.CancelAsync();
            await writers;

            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            backup = PrintedSummary.From(result);
            Assert.That(whenBackupEnded, Is.GreaterThan(beforeBackup.Count), "writes went on while the backup ran");
        }

        Assert.That(backup.Pastes, Is.GreaterThanOrEqualTo(beforeBackup.Count), "the backup counts every paste acknowledged before it");
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(backupFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "a backup holds keys");
        }

        var restore = await PasteExecutable.RunAsync(restored, ["restore", backupFile]);
        Assert.That(restore.ExitCode, Is.Zero, restore.ToString());
        Assert.That(PrintedSummary.From(restore).Pastes, Is.EqualTo(backup.Pastes));

        var check = await PasteExecutable.RunAsync(restored, ["check"]);
        Assert.That(check.ExitCode, Is.Zero, check.ToString());
        Assert.That(check.StandardOutput.TrimEnd().Split('\n'), Has.Length.EqualTo(1).And.One.StartsWith("ok: "), check.ToString());

        var restartPort = LoopbackPort.Free();
        await using var restartedService = PasteExecutable.StartService(restored, restartPort);
        using var restartedHttp = await ConnectAsync(restartedService, restartPort);
        foreach (var (id, body) in beforeBackup)
        {
            Assert.That(await restartedHttp.GetRawBytesAsync(id), Is.EqualTo(body), $"paste {id} after the restore");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await restartedHttp.GetWebhookPublicKeyAsync(), Is.EqualTo(webhookKey), "notifications are signed with the same key");
            using var signed = await restartedHttp.PostSignedAsync(TestData.Utf8("signed after the restore"), signingKey);
            Assert.That(signed.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a registered client's secret is readable after the restore");
        }
    }

    [Test]
    public async Task Restore_never_replaces_a_database_in_use_nor_one_it_was_not_told_to_replace()
    {
        Assert.That((await PasteExecutable.RunAsync(original, ["clients", "list"])).ExitCode, Is.Zero);
        Assert.That((await PasteExecutable.RunAsync(original, ["backup", backupFile])).ExitCode, Is.Zero);
        Assert.That((await PasteExecutable.RunAsync(restored, ["restore", backupFile])).ExitCode, Is.Zero);

        var port = LoopbackPort.Free();
        await using (var service = PasteExecutable.StartService(restored, port))
        {
            using var http = await ConnectAsync(service, port);
            var paste = await http.CreatePasteAsync("written to the restored database");

            var whileRunning = await PasteExecutable.RunAsync(restored, ["restore", backupFile, "--replace"]);
            Assert.That(whileRunning.ExitCode, Is.EqualTo(1), whileRunning.ToString());
            Assert.That(whileRunning.StandardError, Does.Contain("in use"), whileRunning.ToString());
            Assert.That(await http.GetRawBytesAsync(paste.Id), Is.EqualTo(TestData.Utf8("written to the restored database")), "the running service keeps its data");
        }

        var withoutReplace = await PasteExecutable.RunAsync(restored, ["restore", backupFile]);
        Assert.That(withoutReplace.ExitCode, Is.EqualTo(1), withoutReplace.ToString());
        Assert.That(withoutReplace.StandardError, Does.Contain("--replace"), withoutReplace.ToString());

        var replaced = await PasteExecutable.RunAsync(restored, ["restore", backupFile, "--replace"]);
        Assert.That(replaced.ExitCode, Is.Zero, replaced.ToString());
        Assert.That(PrintedSummary.From(replaced).Pastes, Is.Zero, "the backup's content, not the database it replaced");
    }

    [Test]
    public async Task A_damaged_database_fails_the_check_in_one_line_and_is_never_restored()
    {
        Assert.That((await PasteExecutable.RunAsync(original, ["clients", "list"])).ExitCode, Is.Zero);
        Assert.That((await PasteExecutable.RunAsync(original, ["backup", backupFile])).ExitCode, Is.Zero);
        Damage(backupFile);
        File.Copy(backupFile, restored.FilePath);

        var check = await PasteExecutable.RunAsync(restored, ["check"]);
        Assert.That(check.ExitCode, Is.EqualTo(1), check.ToString());
        Assert.That(check.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1).And.One.StartsWith("error: "), check.ToString());

        File.Delete(restored.FilePath);
        var restore = await PasteExecutable.RunAsync(restored, ["restore", backupFile]);
        Assert.That(restore.ExitCode, Is.EqualTo(1), restore.ToString());
        Assert.That(File.Exists(restored.FilePath), Is.False, "nothing was put in place");
    }

    [Test]
    public async Task A_database_that_is_not_a_backup_is_never_restored_and_leaves_nothing_behind()
    {
        Assert.That((await PasteExecutable.RunAsync(original, ["clients", "list"])).ExitCode, Is.Zero);

        var restore = await PasteExecutable.RunAsync(restored, ["restore", original.FilePath]);

        Assert.That(restore.ExitCode, Is.EqualTo(1), restore.ToString());
        Assert.That(restore.StandardError, Does.Contain("not a file written by the backup command"), restore.ToString());
        Assert.That(Directory.EnumerateFiles(restored.DirectoryPath).Where(file => !file.EndsWith(".lock", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_backup_carries_the_box_key_so_that_a_client_registered_before_is_answered_after_a_restore()
    {
        var client = await BoxClient.RegisterAsync(original);
        Assert.That((await PasteExecutable.RunAsync(original, ["backup", backupFile])).ExitCode, Is.Zero);

        var restore = await PasteExecutable.RunAsync(restored, ["restore", backupFile]);

        Assert.That(restore.ExitCode, Is.Zero, restore.ToString());
        var restoredKey = restored.BoxKeyPath;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await File.ReadAllBytesAsync(restoredKey), Is.EqualTo(await File.ReadAllBytesAsync(original.BoxKeyPath)));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(restoredKey), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }
        }

        var port = LoopbackPort.Free();
        await using var service = PasteExecutable.StartService(restored, port);
        using var http = await ConnectAsync(service, port);
        await ServerFunctions.BoxKeyTests.AssertCallAnsweredAsync(http, client);
    }

    [Test]
    public async Task On_PostgreSQL_backup_and_restore_refuse_and_name_pg_dump_while_check_asks_the_server()
    {
        using var postgres = new TestDatabase(StorageProvider.PostgreSql);
        var target = Path.Combine(postgres.DirectoryPath, "backup.db");
        Assert.That((await PasteExecutable.RunAsync(postgres, ["clients", "list"])).ExitCode, Is.Zero);

        var backup = await PasteExecutable.RunAsync(postgres, ["backup", target]);
        var restore = await PasteExecutable.RunAsync(postgres, ["restore", target, "--replace"]);
        var check = await PasteExecutable.RunAsync(postgres, ["check"]);

        using (Assert.EnterMultipleScope())
        {
            foreach (var refused in new[] { backup, restore })
            {
                Assert.That(refused.ExitCode, Is.EqualTo(1), refused.ToString());
                Assert.That(refused.StandardError, Does.Contain("pg_dump"), refused.ToString());
                Assert.That(refused.StandardOutput, Is.Empty, refused.ToString());
            }

            Assert.That(File.Exists(target), Is.False, "no file was written");
            Assert.That(check.ExitCode, Is.Zero, check.ToString());
            Assert.That(check.StandardOutput.TrimEnd().Split('\n'), Has.Length.EqualTo(1).And.One.StartsWith("ok: "), check.ToString());
        }
    }

    /// <summary>
    /// Whatever the command line says beside it, the answer on PostgreSQL is the same line naming PostgreSQL's own tools:
    /// never the SQLite refusal of a restore over a database that exists, which asked for --replace.
    /// </summary>
    [TestCase("restore", "backup.db", TestName = "On PostgreSQL restore of a backup names pg_dump and pg_restore")]
    [TestCase("restore", "backup.db", "--replace", TestName = "On PostgreSQL restore --replace names pg_dump and pg_restore")]
    [TestCase("restore", "--replace", "missing.db", TestName = "On PostgreSQL restore of a missing file names pg_dump and pg_restore")]
    [TestCase("backup", "backup.db", TestName = "On PostgreSQL backup names pg_dump and pg_restore")]
    public async Task On_PostgreSQL_backup_and_restore_answer_one_line_naming_pg_dump_and_pg_restore(params string[] arguments)
    {
        using var postgres = new TestDatabase(StorageProvider.PostgreSql);
        var backup = Path.Combine(postgres.DirectoryPath, "backup.db");
        await File.WriteAllBytesAsync(backup, TestData.Filled(4096, 0x00));
        Assert.That((await PasteExecutable.RunAsync(postgres, ["clients", "list"])).ExitCode, Is.Zero, "a store exists");

        var result = await PasteExecutable.RunAsync(postgres, arguments.Select(argument => argument.EndsWith(".db", StringComparison.Ordinal) ? Path.Combine(postgres.DirectoryPath, argument) : argument));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(
                result.StandardError.TrimEnd(),
                Is.EqualTo("error: the store is PostgreSQL, whose server owns its files: back it up with pg_dump and restore it with pg_restore (docs/scaling.md)"),
                result.ToString());
            Assert.That(result.StandardError, Does.Not.Contain("SQLite").And.Not.Contain("already exists"), result.ToString());
            Assert.That(result.StandardOutput, Is.Empty, result.ToString());
            Assert.That(await File.ReadAllBytesAsync(backup), Is.EqualTo(TestData.Filled(4096, 0x00)), "the file is left as it was");
        }
    }

    /// <summary>Overwrites the second page (a table's root page) with garbage, as a failing disk might.</summary>
    private static void Damage(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = 4096;
        file.Write(TestData.Filled(4096, 0xA5));
    }

    private static async Task<HttpClient> ConnectAsync(ExternalProcess service, int port)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await PasteExecutable.WaitUntilHealthyAsync(service, http, http.BaseAddress);
        return http;
    }

    /// <summary>Creates pastes of random bytes until cancelled; each acknowledged one is recorded with its bytes.</summary>
    private static async Task WriteUntilAsync(HttpClient http, int writer, ConcurrentQueue<(string Id, byte[] Body)> acknowledged, CancellationToken stop)
    {
        var random = new Random(writer);
        while (!stop.IsCancellationRequested)
        {
            var body = new byte[random.Next(1, 16 * 1024)];
            random.NextBytes(body);
            try
            {
                using var response = await http.PostAsync(new Uri("/", UriKind.Relative), PasteApi.Raw(body, "application/octet-stream"), stop);
                acknowledged.Enqueue(((await PasteApi.ReadCreatedAsync(response)).Id, body));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>The JSON summary that backup and restore print.</summary>
    private sealed record PrintedSummary(long Pastes, long Bytes)
    {
        public static PrintedSummary From(ProcessResult result)
        {
            var json = result.Json();
            return new PrintedSummary(json.GetProperty("pastes").GetInt64(), json.GetProperty("bytes").GetInt64());
        }
    }
}
