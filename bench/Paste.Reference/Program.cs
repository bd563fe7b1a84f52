using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

// The reference that bench/run.sh measures Paste against: Kestrel, minimal APIs and Microsoft.Data.Sqlite, nothing
// else (no EF, no MVC, no per-request logging). It stores pastes in the same two tables with the same SQLite settings
// as Paste, so the gap between the two is what Paste's own layers cost.
//   POST /      one paste per request in its own transaction (metadata row + content row), answers 201 {"id":"..."}
//   GET /{id}   point read of the content bytes
//   GET /hello  "hello"
// Usage: dotnet Paste.Reference.dll --urls http://127.0.0.1:PORT   with ConnectionStrings__Reference="Data Source=<file>"
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var connectionString = builder.Configuration.GetConnectionString("Reference")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Reference, e.g. \"Data Source=/tmp/reference.db\".");

var store = new Store(connectionString);
var app = builder.Build();
app.Lifetime.ApplicationStopped.Register(store.Dispose);

app.MapGet("/hello", () => Results.Text("hello"));

app.MapGet("/{id}", (string id) => store.Read(id) is { } data
    ? Results.Bytes(data, "application/octet-stream")
    : Results.NotFound());

app.MapPost("/", async (HttpRequest request, CancellationToken cancellationToken) =>
{
    using var body = new MemoryStream();
    await request.Body.CopyToAsync(body, cancellationToken);
    if (body.Length == 0)
    {
        return Results.BadRequest();
    }

    var id = await store.InsertAsync(body.ToArray(), cancellationToken);
    return Results.Text($$"""{"id":"{{id}}"}""", "application/json", statusCode: StatusCodes.Status201Created);
});

await app.RunAsync();

internal sealed class Store : IDisposable
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // Paste's settings, every one stated: WAL (stored in the file), a commit is durable when it returns (FULL),
    // five seconds of waiting for a lock, and enforced foreign keys (ON DELETE CASCADE).
    private const string ConnectionPragmas = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS "Pastes" (
            "Id" TEXT NOT NULL CONSTRAINT "PK_Pastes" PRIMARY KEY,
            "MimeType" TEXT NOT NULL,
            "Size" INTEGER NOT NULL,
            "CreatedAt" INTEGER NOT NULL,
            "LastAccessedAt" INTEGER NOT NULL,
            "Owner" TEXT NULL);
        CREATE INDEX IF NOT EXISTS "IX_Pastes_LastAccessedAt" ON "Pastes" ("LastAccessedAt");
        CREATE TABLE IF NOT EXISTS "PasteContents" (
            "PasteId" TEXT NOT NULL CONSTRAINT "PK_PasteContents" PRIMARY KEY,
            "Data" BLOB NOT NULL,
            CONSTRAINT "FK_PasteContents_Pastes_PasteId" FOREIGN KEY ("PasteId") REFERENCES "Pastes" ("Id") ON DELETE CASCADE);
        """;

    private readonly string connectionString;

    // One writer at a time, as SQLite allows; each insert is its own transaction and its own commit.
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly SqliteConnection writer;
    private readonly SqliteCommand insertPaste;
    private readonly SqliteCommand insertContent;

    // Readers are opened once (with the pragmas) and reused with a prepared query, instead of paying for an open per request.
    private readonly ConcurrentBag<Reader> readers = [];

    public Store(string connectionString)
    {
        this.connectionString = connectionString;
        writer = Open();
        using (var schema = writer.CreateCommand())
        {
            schema.CommandText = Schema;
            schema.ExecuteNonQuery();
        }

        insertPaste = writer.CreateCommand();
        insertPaste.CommandText = """
            INSERT INTO "Pastes" ("Id", "MimeType", "Size", "CreatedAt", "LastAccessedAt", "Owner")
            VALUES ($id, 'application/octet-stream', $size, $now, $now, NULL)
            """;
        insertPaste.Parameters.Add("$id", SqliteType.Text);
        insertPaste.Parameters.Add("$size", SqliteType.Integer);
        insertPaste.Parameters.Add("$now", SqliteType.Integer);

        insertContent = writer.CreateCommand();
        insertContent.CommandText = """INSERT INTO "PasteContents" ("PasteId", "Data") VALUES ($id, $data)""";
        insertContent.Parameters.Add("$id", SqliteType.Text);
        insertContent.Parameters.Add("$data", SqliteType.Blob);
    }

    public async Task<string> InsertAsync(byte[] data, CancellationToken cancellationToken)
    {
        var id = RandomNumberGenerator.GetString(Alphabet, 16);
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = writer.BeginTransaction();
            insertPaste.Transaction = transaction;
            insertPaste.Parameters["$id"].Value = id;
            insertPaste.Parameters["$size"].Value = data.LongLength;
            insertPaste.Parameters["$now"].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            insertPaste.ExecuteNonQuery();

            insertContent.Transaction = transaction;
            insertContent.Parameters["$id"].Value = id;
            insertContent.Parameters["$data"].Value = data;
            insertContent.ExecuteNonQuery();

            transaction.Commit();
            return id;
        }
        finally
        {
            writeLock.Release();
        }
    }

    public byte[]? Read(string id)
    {
        if (!readers.TryTake(out var reader))
        {
            reader = new Reader(Open());
        }

        try
        {
            reader.Id.Value = id;
            return reader.Select.ExecuteScalar() as byte[];
        }
        finally
        {
            readers.Add(reader);
        }
    }

    public void Dispose()
    {
        insertPaste.Dispose();
        insertContent.Dispose();
        writer.Dispose();
        while (readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        writeLock.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = ConnectionPragmas;
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private sealed class Reader : IDisposable
    {
        public Reader(SqliteConnection connection)
        {
            Connection = connection;
            Select = connection.CreateCommand();
            Select.CommandText = """SELECT "Data" FROM "PasteContents" WHERE "PasteId" = $id""";
            Id = Select.Parameters.Add("$id", SqliteType.Text);
        }

        public SqliteConnection Connection { get; }

        public SqliteCommand Select { get; }

        public SqliteParameter Id { get; }

        public void Dispose()
        {
            Select.Dispose();
            Connection.Dispose();
        }
    }
}
