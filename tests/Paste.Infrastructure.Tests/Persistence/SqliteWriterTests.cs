using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Paste.Application.Common;
using Paste.Infrastructure.Persistence;

namespace Paste.Infrastructure.Tests.Persistence;

/// <summary>The one writer: many callers at once, each acknowledged only for its own write, and nothing dropped at shutdown.</summary>
// SQLite only: the writer of our own that groups commits exists for SQLite; PostgreSQL groups commits itself.
public sealed class SqliteWriterTests
{
    private TestDatabase database = null!;

    [SetUp]
    public async Task SetUp()
    {
        database = new TestDatabase();
        await database.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE \"Notes\" (\"Value\" INTEGER NOT NULL UNIQUE);");
    }

    [TearDown]
    public void TearDown() => database.Dispose();

    [Test]
    public async Task Every_concurrent_write_is_stored_once_it_is_acknowledged()
    {
        using var writer = NewWriter();

        var writes = Enumerable.Range(0, 200).Select(value => Task.Run(() => writer.WriteAsync(transaction => Insert(transaction, value), CancellationToken.None)));
        await Task.WhenAll(writes);

        Assert.That(await database.CountAllAsync("Notes"), Is.EqualTo(200));
    }

    [Test]
    public async Task A_failing_write_fails_only_its_own_caller()
    {
        using var writer = NewWriter();
        await writer.WriteAsync(transaction => Insert(transaction, 1), CancellationToken.None);

        // Queued together, so that they share a group: the duplicate breaks the UNIQUE constraint, its neighbours do not.
        var before = writer.WriteAsync(transaction => Insert(transaction, 2), CancellationToken.None);
        var duplicate = writer.WriteAsync(transaction => Insert(transaction, 1), CancellationToken.None);
        var thrown = writer.WriteAsync<int>(_ => throw new InvalidCastException("a bug in one write"), CancellationToken.None);
        var after = writer.WriteAsync(transaction => Insert(transaction, 3), CancellationToken.None);

        Assert.ThrowsAsync<SqliteException>(async () => await duplicate);
        Assert.ThrowsAsync<InvalidCastException>(async () => await thrown);
        // A writer whose thread died would never answer again: bounded, so that shows as a failure, not a hang.
        await Task.WhenAll(before, after).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(await ValuesAsync(), Is.EqualTo(new long[] { 1, 2, 3 }));

        // The writer is still there for the next caller.
        await writer.WriteAsync(transaction => Insert(transaction, 4), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(await database.CountAllAsync("Notes"), Is.EqualTo(4));
    }

    [Test]
    public async Task A_write_refused_because_of_an_earlier_write_of_its_group_is_told_once_that_write_can_be_read()
    {
        using var writer = NewWriter();
        using var holding = new ManualResetEventSlim();

        // The writer is held, so that the next writes are queued together and share a group; the last one keeps the
        // group from committing for a while after the duplicate was refused.
        var held = writer.WriteAsync(_ => holding.Wait(TimeSpan.FromSeconds(10)), CancellationToken.None);
        var first = writer.WriteAsync(transaction => Insert(transaction, 1), CancellationToken.None);
        var duplicate = writer.WriteAsync(transaction => Insert(transaction, 1), CancellationToken.None);
        var slow = writer.WriteAsync(
            _ =>
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(300));
                return 0;
            },
            CancellationToken.None);
        holding.Set();

        long[]? seenWhenRefused = null;
        try
        {
            await duplicate;
        }
        catch (SqliteException)
        {
            seenWhenRefused = await ValuesAsync();
        }

        await Task.WhenAll(held, first, slow).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(seenWhenRefused, Is.EqualTo(new long[] { 1 }), "the value that made the duplicate fail is there to be read");
    }

    [Test]
    public async Task Disposing_the_writer_finishes_the_writes_already_handed_in()
    {
        Task[] writes;
        using (var writer = NewWriter())
        {
            writes = [.. Enumerable.Range(0, 50).Select(value => writer.WriteAsync(transaction => Insert(transaction, value), CancellationToken.None))];
        }

        await Task.WhenAll(writes);
        Assert.That(await database.CountAllAsync("Notes"), Is.EqualTo(50));
    }

    [Test]
    public async Task A_write_handed_in_after_the_writer_stopped_is_refused_as_the_service_stopping()
    {
        var writer = NewWriter();
        writer.Dispose();

        Assert.ThrowsAsync<ServiceStoppingException>(async () => await writer.WriteAsync(transaction => Insert(transaction, 1), CancellationToken.None));
        Assert.That(await database.CountAllAsync("Notes"), Is.Zero);
    }

    [Test]
    public async Task A_write_that_finds_no_room_is_refused_as_storage_full_leaves_nothing_and_the_writer_recovers()
    {
        using var writer = NewWriter();
        await database.ExecuteAsync("CREATE TABLE \"Blobs\" (\"Data\" BLOB NOT NULL);");
        await writer.WriteAsync(transaction => Insert(transaction, 1), CancellationToken.None);

        // SQLite's page limit on the writer's connection stands in for a full disk: the file may not grow.
        await writer.WriteAsync(LimitToCurrentSize, CancellationToken.None);
        var tooBig = writer.WriteAsync(transaction => InsertBlob(transaction, 1024 * 1024), CancellationToken.None);

        Assert.ThrowsAsync<StorageFullException>(async () => await tooBig);
        Assert.That(writer.IsFull, Is.True);
        Assert.That(await database.CountAllAsync("Blobs"), Is.Zero, "nothing of the refused write is kept");

        // Space is freed: the next write goes through and the store is no longer full.
        await writer.WriteAsync(LiftLimit, CancellationToken.None);
        await writer.WriteAsync(transaction => InsertBlob(transaction, 1024 * 1024), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(writer.IsFull, Is.False);
        Assert.That(await database.CountAllAsync("Blobs"), Is.EqualTo(1));
    }

    /// <summary>Caps the writer's connection at the database's current size, as a full disk would.</summary>
    private static long LimitToCurrentSize(SqliteTransaction transaction)
    {
        using var pageCount = transaction.Connection!.CreateCommand();
        pageCount.Transaction = transaction;
        pageCount.CommandText = "SELECT page_count FROM pragma_page_count()";
        return SetMaxPageCount(transaction, (long)pageCount.ExecuteScalar()!);
    }

    /// <summary>Lifts the cap of <see cref="LimitToCurrentSize"/>, as freeing disk space would.</summary>
    private static long LiftLimit(SqliteTransaction transaction) => SetMaxPageCount(transaction, 1073741823);

    private static long SetMaxPageCount(SqliteTransaction transaction, long pages)
    {
        using var limit = transaction.Connection!.CreateCommand();
        limit.Transaction = transaction;

        // PRAGMA takes no parameters; the value is a number.
        limit.CommandText = "PRAGMA max_page_count = " + pages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (long)limit.ExecuteScalar()!;
    }

    private static int InsertBlob(SqliteTransaction transaction, int bytes)
    {
        using var insert = transaction.Connection!.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO \"Blobs\" (\"Data\") VALUES (zeroblob($bytes))";
        insert.Parameters.AddWithValue("$bytes", bytes);
        return insert.ExecuteNonQuery();
    }

    private SqliteWriter NewWriter() =>
        new(new SqliteConnectionSetup(new SqliteConnectionString(database.ConnectionString), Options.Create(new StorageSettings())), NullLogger<SqliteWriter>.Instance);

    private static int Insert(SqliteTransaction transaction, int value)
    {
        using var insert = transaction.Connection!.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO \"Notes\" (\"Value\") VALUES ($value)";
        insert.Parameters.AddWithValue("$value", value);
        return insert.ExecuteNonQuery();
    }

    private async Task<long[]> ValuesAsync()
    {
        await using var connection = await database.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT \"Value\" FROM \"Notes\" ORDER BY \"Value\"";
        var values = new List<long>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt64(0));
        }

        return [.. values];
    }
}
