using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Paste.Application.Maintenance;
using Paste.Domain.Webhooks;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// Moves the configured SQLite store into an empty PostgreSQL database: the target is migrated as the service would
/// migrate it, then every table is loaded with PostgreSQL's binary COPY inside one transaction, counted again and
/// compared with the source before the commit, so that the target holds either the whole store or nothing of it.
/// Content goes from SQLite's incremental BLOB reads straight into <c>PasteChunks</c> rows, one chunk at a time.
/// </summary>
/// <remarks>
/// The SQLite lock is taken exclusively, so the service must be stopped: a copy is a cut-over, and a paste written to
/// SQLite while (or after) it runs would be lost to the PostgreSQL store without anyone noticing.
/// </remarks>
internal sealed class SqliteToPostgresCopy(StoreLock storeLock, SqliteConnectionString connectionString, PasteDbContext sqlite, ILoggerFactory loggerFactory)
    : IStoreCopier
{
    private const string CopyPastes = """
        COPY "Pastes" ("Id", "MimeType", "Size", "CreatedAt", "LastAccessedAt", "Owner", "Deadline", "MaxViews", "ViewsLeft", "Sha256", "DeleteTokenHash")
        FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyChunks = """COPY "PasteChunks" ("PasteId", "Index", "Data") FROM STDIN (FORMAT BINARY)""";

    private const string CopyClients = """
        COPY "ApiClients" ("KeyId", "Name", "KeyType", "KeyMaterial", "BoxPublicKey", "CreatedAt", "RevokedAt") FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>"LeasedUntil" stays NULL: no dispatcher of the new store holds any delivery yet.</summary>
    private const string CopyDeliveries = """
        COPY "WebhookDeliveries" ("Id", "EventId", "Url", "Payload", "CreatedAt", "Status", "Attempts", "NextAttemptAt", "DeliveredAt", "LastError")
        FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyIdempotencyKeys = """
        COPY "IdempotencyKeys" ("Scope", "Key", "RequestHash", "Response", "CreatedAt") FROM STDIN (FORMAT BINARY)
        """;

    private const string SelectPastes = """
        SELECT "Id", "MimeType", "Size", "CreatedAt", "LastAccessedAt", "Owner", "Deadline", "MaxViews", "ViewsLeft", "Sha256", "DeleteTokenHash"
        FROM "Pastes"
        """;

    private const string SelectClients = """SELECT "KeyId", "Name", "KeyType", "KeyMaterial", "BoxPublicKey", "CreatedAt", "RevokedAt" FROM "ApiClients" """;

    private const string SelectIdempotencyKeys = """SELECT "Scope", "Key", "RequestHash", "Response", "CreatedAt" FROM "IdempotencyKeys" """;

    /// <summary>Delivered ones are history the new store does not need; pending and dead ones are work still to do.</summary>
    private static readonly string UndeliveredDeliveries = $"\"Status\" <> {(int)WebhookDeliveryStatus.Delivered}";

    private static readonly string SelectDeliveries = $"""
        SELECT "Id", "EventId", "Url", "Payload", "CreatedAt", "Status", "Attempts", "NextAttemptAt", "DeliveredAt", "LastError"
        FROM "WebhookDeliveries" WHERE {UndeliveredDeliveries}
        """;

    private static readonly NpgsqlDbType[] PasteColumns =
    [
        NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Varchar,
        NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Bytea, NpgsqlDbType.Bytea,
    ];

    private static readonly NpgsqlDbType[] ClientColumns =
    [
        NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Varchar, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint,
    ];

    /// <summary>The id is upper-case text in SQLite and a uuid in PostgreSQL: the same identifier, so a receiver can still tell a retry from a new event.</summary>
    private static readonly NpgsqlDbType[] DeliveryColumns =
    [
        NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.Bigint,
        NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Varchar,
    ];

    private static readonly NpgsqlDbType[] IdempotencyKeyColumns =
    [
        NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Bytea, NpgsqlDbType.Text, NpgsqlDbType.Bigint,
    ];

    public async Task<StoreCopy> CopyToPostgreSqlAsync(string targetConnectionString, CancellationToken cancellationToken)
    {
        var target = Describe(targetConnectionString);
        var database = storeLock.DatabasePath;
        if (!File.Exists(database))
        {
            throw new InvalidOperationException($"no database at {database}");
        }

        storeLock.HoldExclusive();

        // Columns are copied by name: a database left by an older version is migrated by starting that service on it first.
        var pending = (await sqlite.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"{database} is not at this version's schema (missing {string.Join(", ", pending)}); start the service on it once to migrate it, stop it, then copy");
        }

        await using var dataSource = PostgresDataSource.Create(targetConnectionString, loggerFactory);
        await MigrateAsync(dataSource, cancellationToken);

        using var source = OpenSource();
        using var snapshot = source.BeginTransaction(deferred: true);
        var expected = CountSource(source);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // A second copy into the same database waits here for the first to end, then finds its rows and is refused.
        await ExecuteAsync(
            connection,
            """LOCK TABLE "Pastes", "PasteChunks", "ApiClients", "WebhookDeliveries", "IdempotencyKeys" IN EXCLUSIVE MODE""",
            cancellationToken);
        var before = await CountTargetAsync(connection, cancellationToken);
        if (before.Pastes > 0 || before.Clients > 0 || before.Deliveries > 0 || before.IdempotencyKeys > 0)
        {
            throw new InvalidOperationException(
                $"{target} already holds pastes: {before.Pastes}, clients: {before.Clients}, deliveries: {before.Deliveries}, idempotency keys: {before.IdempotencyKeys}; "
                + "copy only into a new, empty database, as stores are never merged");
        }

        await CopyRowsAsync(source, connection, SelectPastes, CopyPastes, PasteColumns, cancellationToken);
        var bytes = await CopyContentAsync(source, connection, cancellationToken);

        // The key material is copied as it is stored, protected by the key ring that the service keeps beside the database.
        await CopyRowsAsync(source, connection, SelectClients, CopyClients, ClientColumns, cancellationToken);
        await CopyRowsAsync(source, connection, SelectDeliveries, CopyDeliveries, DeliveryColumns, cancellationToken);
        await CopyRowsAsync(source, connection, SelectIdempotencyKeys, CopyIdempotencyKeys, IdempotencyKeyColumns, cancellationToken);

        // Counted again on the PostgreSQL side, inside the transaction: a difference rolls everything back.
        var copied = await CountTargetAsync(connection, cancellationToken);
        if (copied != expected || bytes != expected.Bytes)
        {
            throw new InvalidOperationException($"the copy does not match its source ({Format(expected)} in {database}, {Format(copied)} in {target}); nothing was committed");
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoreCopy(database, target, copied.Pastes, copied.Bytes, copied.Clients, copied.Deliveries, copied.IdempotencyKeys);
    }

    /// <summary>Where the target is, without its password; a string that names no server is refused before anything is opened.</summary>
    private static string Describe(string targetConnectionString) =>
        PostgresDataSource.NamesAServer(targetConnectionString)
            ? PostgresMaintenance.Describe(targetConnectionString)
            : throw new InvalidOperationException("the target is not a valid PostgreSQL connection string (Host=...;Database=...;Username=...)");

    /// <summary>The migrations the service applies at start-up on PostgreSQL, the same way (DatabaseInitializer).</summary>
    private async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await PostgresDataSource.RequireConnectionAsync(dataSource, cancellationToken);
        var options = new DbContextOptionsBuilder<PostgresPasteDbContext>().UseNpgsql(dataSource).UseLoggerFactory(loggerFactory).Options;
        await using var context = new PostgresPasteDbContext(options);
        await context.MigrateAsync(cancellationToken);
    }

    /// <summary>A connection of its own, never creating a file: the database was found where the configuration says.</summary>
    private SqliteConnection OpenSource()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString.Value)
        {
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static Totals CountSource(SqliteConnection source)
    {
        using var select = source.CreateCommand();
        select.CommandText = $"""
            SELECT (SELECT COUNT(*) FROM "Pastes"), (SELECT COALESCE(SUM("Size"), 0) FROM "Pastes"),
                (SELECT COALESCE(SUM(length(c."Data")), 0) FROM "PasteContents" AS c JOIN "Pastes" AS p ON p."Id" = c."PasteId"),
                (SELECT COUNT(*) FROM "ApiClients"), (SELECT COUNT(*) FROM "WebhookDeliveries" WHERE {UndeliveredDeliveries}),
                (SELECT COUNT(*) FROM "IdempotencyKeys")
            """;
        using var reader = select.ExecuteReader();
        reader.Read();
        return new Totals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    private static async Task<Totals> CountTargetAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // octet_length reads the stored length of each chunk, not the chunk itself.
        await using var select = new NpgsqlCommand(
            """
            SELECT (SELECT COUNT(*) FROM "Pastes"), (SELECT COALESCE(SUM("Size"), 0)::bigint FROM "Pastes"),
                (SELECT COALESCE(SUM(octet_length("Data")), 0)::bigint FROM "PasteChunks"),
                (SELECT COUNT(*) FROM "ApiClients"), (SELECT COUNT(*) FROM "WebhookDeliveries"), (SELECT COUNT(*) FROM "IdempotencyKeys")
            """,
            connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Totals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>
    /// Streams each paste's BLOB into chunk rows, <see cref="PostgresContent.ChunkBytes"/> at a time, checking its length
    /// against the paste's size and its bytes against the SHA-256 stored with it; returns the bytes copied.
    /// </summary>
    private static async Task<long> CopyContentAsync(SqliteConnection source, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var select = source.CreateCommand();
        select.CommandText = """
            SELECT p."Id", p."Size", p."Sha256", c.rowid FROM "Pastes" AS p LEFT JOIN "PasteContents" AS c ON c."PasteId" = p."Id"
            """;
        using var reader = select.ExecuteReader();
        await using var copy = await connection.BeginBinaryImportAsync(CopyChunks, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(PostgresContent.ChunkBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        try
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                var size = reader.GetInt64(1);
                if (reader.IsDBNull(3))
                {
                    if (size != 0)
                    {
                        throw new InvalidOperationException($"paste {id} has no content in {source.DataSource}; check the database with the check command");
                    }

                    continue;
                }

                using var blob = new SqliteBlob(source, "PasteContents", "Data", reader.GetInt64(3), readOnly: true);
                if (blob.Length != size)
                {
                    throw new InvalidOperationException($"paste {id} holds {blob.Length} bytes but records {size}; check the database with the check command");
                }

                var index = 0;
                int length;
                while ((length = await PostgresContent.FillAsync(blob, buffer, PostgresContent.ChunkBytes, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, length);
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(id, NpgsqlDbType.Varchar, cancellationToken);
                    await copy.WriteAsync(index++, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(new ArraySegment<byte>(buffer, 0, length), NpgsqlDbType.Bytea, cancellationToken);
                    total += length;
                }

                // A paste whose bytes are not what was hashed when it was created is reported, not carried over silently.
                var digest = hash.GetHashAndReset();
                if (!reader.IsDBNull(2) && !digest.AsSpan().SequenceEqual(reader.GetFieldValue<byte[]>(2)))
                {
                    throw new InvalidOperationException($"paste {id}'s content does not match its SHA-256; check the database with the check command");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await copy.CompleteAsync(cancellationToken);
        return total;
    }

    /// <summary>
    /// Copies the rows <paramref name="select"/> reads from SQLite with <paramref name="copy"/>, column by column in
    /// the order of <paramref name="types"/>, each read as the CLR type its PostgreSQL column takes.
    /// </summary>
    private static async Task CopyRowsAsync(
        SqliteConnection source, NpgsqlConnection connection, string select, string copy, NpgsqlDbType[] types, CancellationToken cancellationToken)
    {
        using var command = source.CreateCommand();
        command.CommandText = select;
        using var reader = command.ExecuteReader();
        await using var import = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        while (reader.Read())
        {
            await import.StartRowAsync(cancellationToken);
            for (var ordinal = 0; ordinal < types.Length; ordinal++)
            {
                await WriteColumnAsync(import, reader, ordinal, types[ordinal], cancellationToken);
            }
        }

        await import.CompleteAsync(cancellationToken);
    }

    private static Task WriteColumnAsync(NpgsqlBinaryImporter import, SqliteDataReader reader, int ordinal, NpgsqlDbType type, CancellationToken cancellationToken) =>
        reader.IsDBNull(ordinal) ? import.WriteNullAsync(cancellationToken) : type switch
        {
            NpgsqlDbType.Integer => import.WriteAsync(reader.GetInt32(ordinal), type, cancellationToken),
            NpgsqlDbType.Bigint => import.WriteAsync(reader.GetInt64(ordinal), type, cancellationToken),
            NpgsqlDbType.Bytea => import.WriteAsync(reader.GetFieldValue<byte[]>(ordinal), type, cancellationToken),
            NpgsqlDbType.Uuid => import.WriteAsync(reader.GetGuid(ordinal), type, cancellationToken),
            _ => import.WriteAsync(reader.GetString(ordinal), type, cancellationToken),
        };

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Format(Totals totals) =>
        $"pastes: {totals.Pastes}, sizes: {totals.Sizes}, bytes: {totals.Bytes}, clients: {totals.Clients}, deliveries: {totals.Deliveries}, idempotency keys: {totals.IdempotencyKeys}";

    /// <summary>What one side holds: <see cref="Sizes"/> as the pastes record it, <see cref="Bytes"/> as their content measures.</summary>
    private sealed record Totals(long Pastes, long Sizes, long Bytes, long Clients, long Deliveries, long IdempotencyKeys);
}
