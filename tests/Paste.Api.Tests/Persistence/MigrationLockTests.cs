using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Persistence;

/// <summary>A process killed while it migrated the database must not keep the next one from starting.</summary>
// SQLite only: EF Core's lock row is SQLite's; on PostgreSQL the migration lock is an advisory lock that dies with its session.
public sealed class MigrationLockTests
{
    private TestDatabase database = null!;
    private HttpClient client = null!;

    [SetUp]
    public void SetUp()
    {
        database = new TestDatabase();
        client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    }

    [TearDown]
    public void TearDown()
    {
        client.Dispose();
        database.Dispose();
    }

    [Test]
    public async Task The_service_starts_over_the_migration_lock_row_of_a_process_that_died_while_migrating()
    {
        var listed = await PasteExecutable.RunAsync(database, ["clients", "list"]);
        Assert.That(listed.ExitCode, Is.Zero, listed.ToString());

        // What EF Core's lock looks like when its holder was killed before it could delete the row.
        await database.ExecuteAsync(
            """
            CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
            INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-01-01 00:00:00+00:00');
            """);

        var port = LoopbackPort.Free();
        await using var service = PasteExecutable.StartService(database, port);
        await PasteExecutable.WaitUntilHealthyAsync(service, client, new Uri($"http://127.0.0.1:{port}"));
    }
}
