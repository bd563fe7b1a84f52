using Microsoft.Extensions.Options;
using Paste.Infrastructure.Persistence;

namespace Paste.Infrastructure.Tests.Persistence;

/// <summary>The kept read connections: compiled once, never stale, and a failed read never poisons the next one.</summary>
// SQLite only: the kept read connections of a SQLite file; PostgreSQL has its pooled data source instead.
public sealed class SqliteReadConnectionsTests
{
    private const string CountNotes = "SELECT count(*) FROM \"Notes\"";

    private TestDatabase database = null!;

    [SetUp]
    public async Task SetUp()
    {
        database = new TestDatabase();
        await database.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE \"Notes\" (\"Value\" INTEGER NOT NULL);");
    }

    [TearDown]
    public void TearDown() => database.Dispose();

    [Test]
    public async Task A_kept_statement_sees_rows_written_after_it_was_compiled()
    {
        using var reads = NewReads();
        Assert.That(reads.Read(Count), Is.Zero);

        await database.ExecuteAsync("INSERT INTO \"Notes\" (\"Value\") VALUES (1), (2)");

        Assert.That(reads.Read(Count), Is.EqualTo(2));
    }

    [Test]
    public void A_read_that_fails_halfway_does_not_break_the_next_read()
    {
        using var reads = NewReads();

        // A reader left open on the kept statement would make the next execution of that statement throw.
        Assert.Throws<InvalidOperationException>(() => reads.Read<long>(connection =>
        {
            connection.Statement(CountNotes).ExecuteReader();
            throw new InvalidOperationException("a bug in one read");
        }));

        Assert.That(reads.Read(Count), Is.Zero);
    }

    [Test]
    public void Concurrent_reads_each_get_a_connection_of_their_own()
    {
        using var reads = NewReads();

        var counts = Enumerable.Range(0, 64).AsParallel().WithDegreeOfParallelism(8).Select(_ => reads.Read(connection =>
        {
            using var reader = connection.Statement(CountNotes).ExecuteReader();
            Thread.Sleep(1); // holds the reader open while other threads read
            return reader.Read() ? reader.GetInt64(0) : -1;
        })).ToList();

        Assert.That(counts, Is.All.Zero);
    }

    private SqliteReadConnections NewReads() =>
        new(new SqliteConnectionSetup(new SqliteConnectionString(database.ConnectionString), Options.Create(new StorageSettings())));

    private static long Count(SqliteReadConnection connection) => (long)connection.Statement(CountNotes).ExecuteScalar()!;
}
