using Microsoft.Data.Sqlite;
using Paste.Application.Common;
using Paste.Domain.Webhooks;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Pastes in SQLite through plain parameterised commands: these are the hot paths, where EF Core's query pipeline
/// and change tracking cost more than the statements themselves. Every write goes through the group-committing writer.
/// </summary>
internal sealed class PasteRepository(SqliteConnectionString connectionString, SqliteReadConnections reads, SqliteWriter writer) : IPasteRepository
{
    /// <summary>Content is copied into SQLite in pieces of this size, so no paste is ever held whole in memory.</summary>
    private const int CopyBufferBytes = 64 * 1024;

    /// <summary>Content up to this size is read with its metadata in one go; no connection is held while it is sent.</summary>
    private const int InlineBytes = 64 * 1024;

    private const string PasteColumns = """ p."MimeType", p."Size", p."CreatedAt", p."LastAccessedAt", p."Owner" """;

    private const string SelectTotals = """SELECT COUNT(*), COALESCE(SUM("Size"), 0) FROM "Pastes";""";

    private const string SelectPaste = $"""SELECT {PasteColumns} FROM "Pastes" AS p WHERE p."Id" = $id""";

    private const string SelectPasteWithSmallContent = $"""
        SELECT {PasteColumns}, CASE WHEN length(c."Data") <= $inline THEN c."Data" END, c.rowid
        FROM "Pastes" AS p JOIN "PasteContents" AS c ON c."PasteId" = p."Id" WHERE p."Id" = $id
        """;

    public Task AddAsync(Domain.Pastes.Paste paste, Stream content, IReadOnlyCollection<WebhookDelivery> announcements, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            transaction =>
            {
                using (var insert = transaction.Command(
                    """
                    INSERT INTO "Pastes" ("Id", "MimeType", "Size", "CreatedAt", "LastAccessedAt", "Owner")
                    VALUES ($id, $mimeType, $size, $createdAt, $lastAccessedAt, $owner);
                    INSERT INTO "PasteContents" ("PasteId", "Data") VALUES ($id, zeroblob($size));
                    SELECT last_insert_rowid();
                    """))
                {
                    insert.Parameters.AddWithValue("$id", paste.Id);
                    insert.Parameters.AddWithValue("$mimeType", paste.MimeType);
                    insert.Parameters.AddWithValue("$size", paste.Size);
                    insert.Parameters.AddWithValue("$createdAt", paste.CreatedAt.ToUnixTimeMilliseconds());
                    insert.Parameters.AddWithValue("$lastAccessedAt", paste.LastAccessedAt.ToUnixTimeMilliseconds());
                    insert.Parameters.AddWithValue("$owner", (object?)paste.Owner ?? DBNull.Value);
                    var rowId = (long)insert.ExecuteScalar()!;
                    WriteContent(transaction.Connection!, rowId, content, paste.Size);
                }

                foreach (var delivery in announcements)
                {
                    InsertAnnouncement(transaction, delivery);
                }

                return true;
            },
            cancellationToken);

    public Task<Domain.Pastes.Paste?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(reads.Read(connection =>
        {
            var select = connection.Statement(SelectPaste);
            select.Parameters.AddWithValue("$id", id);
            using var reader = select.ExecuteReader();
            return reader.Read() ? ReadPaste(id, reader) : null;
        }));

    public Task<StoredTotals> GetTotalsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(reads.Read(connection =>
        {
            using var reader = connection.Statement(SelectTotals).ExecuteReader();
            reader.Read();
            return new StoredTotals(reader.GetInt64(0), reader.GetInt64(1));
        }));

    public async Task<OpenedPaste?> OpenAsync(string id, CancellationToken cancellationToken)
    {
        // Most pastes are small: one read on a kept connection returns metadata and content, and nothing is held after it.
        var (paste, inline, _) = reads.Read(connection => ReadWithSmallContent(connection.Statement(SelectPasteWithSmallContent), id));
        if (paste is null || inline is not null)
        {
            return paste is null ? null : new OpenedPaste(paste, new MemoryStream(inline!, writable: false));
        }

        // Larger content streams for a while, on a connection of its own: a read transaction keeps metadata and bytes
        // one snapshot, so a paste deleted meanwhile is still read whole. It is read again inside it, as it may have
        // changed since.
        var streaming = new SqliteConnection(connectionString.Value);
        SqliteTransaction? transaction = null;
        try
        {
            await streaming.OpenAsync(cancellationToken);
            transaction = streaming.BeginTransaction(deferred: true);
            using (var select = transaction.Command(SelectPasteWithSmallContent))
            {
                (paste, inline, var rowId) = ReadWithSmallContent(select, id);
                if (paste is not null && inline is null)
                {
                    var blob = new SqliteBlob(streaming, "PasteContents", "Data", rowId, readOnly: true);
                    return new OpenedPaste(paste, new PasteBlobStream(streaming, transaction, blob));
                }
            }

            Close(streaming, transaction);
            return paste is null ? null : new OpenedPaste(paste, new MemoryStream(inline!, writable: false));
        }
        catch
        {
            Close(streaming, transaction);
            throw;
        }
    }

    public Task RecordAccessAsync(string id, DateTimeOffset accessedAt, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            transaction =>
            {
                using var update = transaction.Command("""UPDATE "Pastes" SET "LastAccessedAt" = $at WHERE "Id" = $id AND "LastAccessedAt" < $at""");
                update.Parameters.AddWithValue("$id", id);
                update.Parameters.AddWithValue("$at", accessedAt.ToUnixTimeMilliseconds());
                return update.ExecuteNonQuery();
            },
            cancellationToken);

    public Task<bool> DeleteOwnedAsync(string id, string owner, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            transaction =>
            {
                // The content goes with its paste through the foreign key's cascade.
                using var delete = transaction.Command("""DELETE FROM "Pastes" WHERE "Id" = $id AND "Owner" = $owner""");
                delete.Parameters.AddWithValue("$id", id);
                delete.Parameters.AddWithValue("$owner", owner);
                return delete.ExecuteNonQuery() > 0;
            },
            cancellationToken);

    public Task<int> DeleteNotAccessedSinceAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            transaction =>
            {
                using var delete = transaction.Command(
                    """
                    DELETE FROM "Pastes" WHERE "Id" IN (
                        SELECT "Id" FROM "Pastes" WHERE "LastAccessedAt" < $cutoff ORDER BY "LastAccessedAt" LIMIT $batch)
                    """);
                delete.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
                delete.Parameters.AddWithValue("$batch", batchSize);
                return delete.ExecuteNonQuery();
            },
            cancellationToken);

    /// <summary>
    /// The paste, its content when that is at most <see cref="InlineBytes"/>, and the content's row for BLOB I/O;
    /// the paste is null when missing.
    /// </summary>
    private static (Domain.Pastes.Paste? Paste, byte[]? Content, long ContentRowId) ReadWithSmallContent(SqliteCommand select, string id)
    {
        select.Parameters.AddWithValue("$id", id);
        select.Parameters.AddWithValue("$inline", InlineBytes);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return (null, null, 0);
        }

        return (ReadPaste(id, reader), reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5), reader.GetInt64(6));
    }

    private static Domain.Pastes.Paste ReadPaste(string id, SqliteDataReader reader) =>
        Domain.Pastes.Paste.Restore(
            id,
            reader.GetString(0),
            reader.GetInt64(1),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : reader.GetString(4));

    private static void Close(SqliteConnection connection, SqliteTransaction? transaction)
    {
        transaction?.Dispose();
        connection.Dispose();
    }

    private static void WriteContent(SqliteConnection connection, long rowId, Stream content, long size)
    {
        using var blob = new SqliteBlob(connection, "PasteContents", "Data", rowId);
        var buffer = new byte[(int)Math.Min(CopyBufferBytes, size)];
        long written = 0;
        int read;
        while (written < size && (read = content.Read(buffer, 0, (int)Math.Min(buffer.Length, size - written))) > 0)
        {
            blob.Write(buffer, 0, read);
            written += read;
        }

        if (written != size)
        {
            throw new InvalidDataException($"The content ended after {written} of {size} bytes.");
        }
    }

    private static void InsertAnnouncement(SqliteTransaction transaction, WebhookDelivery delivery)
    {
        using var insert = transaction.Command(
            """
            INSERT INTO "WebhookDeliveries" ("Id", "EventId", "Url", "Payload", "CreatedAt", "Status", "Attempts", "NextAttemptAt", "DeliveredAt", "LastError")
            VALUES ($id, $eventId, $url, $payload, $createdAt, $status, $attempts, $nextAttemptAt, NULL, NULL)
            """);

        // EF Core stores a Guid as upper-case text; the outbox reads these rows back through it.
        insert.Parameters.AddWithValue("$id", delivery.Id.ToString().ToUpperInvariant());
        insert.Parameters.AddWithValue("$eventId", delivery.EventId);
        insert.Parameters.AddWithValue("$url", delivery.Url);
        insert.Parameters.AddWithValue("$payload", delivery.Payload);
        insert.Parameters.AddWithValue("$createdAt", delivery.CreatedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$status", (int)delivery.Status);
        insert.Parameters.AddWithValue("$attempts", delivery.Attempts);
        insert.Parameters.AddWithValue("$nextAttemptAt", delivery.NextAttemptAt.ToUnixTimeMilliseconds());
        insert.ExecuteNonQuery();
    }
}
