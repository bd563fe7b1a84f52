using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Paste.Application.Common;
using Paste.Application.Pastes;
using Paste.Domain.Webhooks;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Pastes in SQLite through plain parameterised commands: these are the hot paths, where EF Core's query pipeline
/// and change tracking cost more than the statements themselves. Every write goes through the group-committing writer.
/// </summary>
internal sealed class PasteRepository(
    SqliteConnectionString connectionString,
    SqliteReadConnections reads,
    SqliteWriter writer,
    StoreLock storeLock,
    TimeProvider timeProvider,
    IOptions<StorageSettings> storage) : IPasteRepository
{
    /// <summary>Content is copied into SQLite in pieces of this size, so no paste is ever held whole in memory.</summary>
    private const int CopyBufferBytes = 64 * 1024;

    /// <summary>Content up to this size is read with its metadata in one go; no connection is held while it is sent.</summary>
    private const int InlineBytes = 64 * 1024;

    /// <summary>The columns after <see cref="PasteRows.Columns"/>: the content when small, and its row.</summary>
    private const int ContentColumn = PasteRows.Count;

    /// <summary>An owner's live pastes: neither expired, nor past their deadline, nor out of reads.</summary>
    private const string OwnersLivePastes = """
        "Owner" = $owner AND "LastAccessedAt" > $notAccessedSince
          AND ("Deadline" IS NULL OR "Deadline" > $now) AND ("ViewsLeft" IS NULL OR "ViewsLeft" > 0)
        """;

    /// <summary>What an owner's live pastes take, as a quota counts them.</summary>
    private const string SelectOwnerUsage = $"""SELECT COUNT(*), COALESCE(SUM("Size"), 0) FROM "Pastes" WHERE {OwnersLivePastes}""";

    /// <summary>
    /// A page of an owner's live pastes after a position in the order (CreatedAt, Id) descending. The (Owner, CreatedAt)
    /// index gives both the range and the order, so only pastes created in the same millisecond are sorted, and a page
    /// costs what its rows cost however deep it is.
    /// </summary>
    private const string SelectOwnedPage = $"""
        SELECT {PasteRows.Columns}, p."Id" FROM "Pastes" AS p
        WHERE {OwnersLivePastes} AND (p."CreatedAt", p."Id") < ($afterCreatedAt, $afterId)
        ORDER BY p."CreatedAt" DESC, p."Id" DESC
        LIMIT $limit
        """;

    private const string SelectTotals = """SELECT COUNT(*), COALESCE(SUM("Size"), 0) FROM "Pastes";""";

    private const string SelectPaste = $"""SELECT {PasteRows.Columns} FROM "Pastes" AS p WHERE p."Id" = $id""";

    private const string SelectPasteWithSmallContent = $"""
        SELECT {PasteRows.Columns}, CASE WHEN length(c."Data") <= $inline THEN c."Data" END, c.rowid
        FROM "Pastes" AS p JOIN "PasteContents" AS c ON c."PasteId" = p."Id" WHERE p."Id" = $id
        """;

    public Task AddAsync(
        Domain.Pastes.Paste paste,
        Stream content,
        IReadOnlyCollection<WebhookDelivery> announcements,
        PasteAdmission admission,
        CancellationToken cancellationToken) =>
        writer.WriteAsync(
            transaction =>
            {
                // Inside the writer's transaction nothing else writes: what is counted here is what the paste joins.
                if (admission.Quota is { } quota)
                {
                    quota.Admit(ReadOwnerUsage(transaction, quota.Owner, quota.Now, quota.Expiry), paste.Size);
                }

                if (admission.IdempotencyKey is { } key)
                {
                    InsertIdempotencyKey(transaction, key);
                }

                using (var insert = transaction.Command(
                    """
                    INSERT INTO "Pastes" ("Id", "MimeType", "Size", "CreatedAt", "LastAccessedAt", "Owner", "Deadline", "MaxViews", "ViewsLeft", "Sha256", "DeleteTokenHash")
                    VALUES ($id, $mimeType, $size, $createdAt, $lastAccessedAt, $owner, $deadline, $maxViews, $maxViews, $sha256, $deleteTokenHash);
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
                    insert.Parameters.AddWithValue("$deadline", (object?)paste.Deadline?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$maxViews", (object?)paste.MaxViews ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$sha256", (object?)paste.Sha256 ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$deleteTokenHash", (object?)paste.DeleteTokenHash ?? DBNull.Value);
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

    public Task<IdempotentCreate?> FindIdempotentCreateAsync(string scope, string key, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(reads.Read(connection =>
        {
            var select = connection.Statement(
                """
                SELECT "RequestHash", "Response", "CreatedAt" FROM "IdempotencyKeys"
                WHERE "Scope" = $scope AND "Key" = $key AND "CreatedAt" >= $since
                """);
            select.Parameters.AddWithValue("$scope", scope);
            select.Parameters.AddWithValue("$key", key);
            select.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            using var reader = select.ExecuteReader();
            return reader.Read()
                ? new IdempotentCreate(scope, key, reader.GetFieldValue<byte[]>(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
                : null;
        }));

    public Task<int?> TakeViewAsync(string id, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            transaction =>
            {
                using var take = transaction.Command("""UPDATE "Pastes" SET "ViewsLeft" = "ViewsLeft" - 1 WHERE "Id" = $id AND "ViewsLeft" > 0 RETURNING "ViewsLeft" """);
                take.Parameters.AddWithValue("$id", id);
                if (take.ExecuteScalar() is not long viewsLeft)
                {
                    return (int?)null;
                }

                if (viewsLeft == 0)
                {
                    DeletePaste(transaction, id);
                }

                return (int)viewsLeft;
            },
            cancellationToken);

    public Task<OwnerUsage> GetOwnerUsageAsync(string owner, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken) =>
        Task.FromResult(reads.Read(connection =>
        {
            var select = connection.Statement(SelectOwnerUsage);
            return ReadOwnerUsage(select, owner, now, expiry);
        }));

    public Task<IReadOnlyList<Domain.Pastes.Paste>> ListOwnedAsync(
        string owner, DateTimeOffset now, TimeSpan expiry, PasteCursor? after, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(reads.Read<IReadOnlyList<Domain.Pastes.Paste>>(connection =>
        {
            var select = connection.Statement(SelectOwnedPage);
            BindOwnersLivePastes(select, owner, now, expiry);

            // The first page starts after a position later than any paste's: one statement, and one plan, for every page.
            select.Parameters.AddWithValue("$afterCreatedAt", after?.CreatedAt.ToUnixTimeMilliseconds() ?? long.MaxValue);
            select.Parameters.AddWithValue("$afterId", after?.Id ?? string.Empty);
            select.Parameters.AddWithValue("$limit", limit);
            using var reader = select.ExecuteReader();
            var pastes = new List<Domain.Pastes.Paste>();
            while (reader.Read())
            {
                pastes.Add(PasteRows.Read(reader.GetString(PasteRows.Count), reader));
            }

            return pastes;
        }));

    public Task<Domain.Pastes.Paste?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(reads.Read(connection =>
        {
            var select = connection.Statement(SelectPaste);
            select.Parameters.AddWithValue("$id", id);
            using var reader = select.ExecuteReader();
            return reader.Read() ? PasteRows.Read(id, reader) : null;
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
                    var content = new PasteBlobStream(
                        streaming, transaction, blob, Path.GetDirectoryName(storeLock.DatabasePath)!, timeProvider, storage.Value.ReadSnapshotLimit);
                    return new OpenedPaste(paste, content);
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

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        writer.WriteAsync(transaction => DeletePaste(transaction, id), cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset notAccessedSince, DateTimeOffset now, int batchSize, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            transaction =>
            {
                // Each condition has its own index. A paste out of views needs no condition: the write that takes its
                // last view deletes it.
                using var delete = transaction.Command(
                    """
                    DELETE FROM "Pastes" WHERE "Id" IN (
                        SELECT "Id" FROM "Pastes" WHERE "LastAccessedAt" < $cutoff
                        UNION SELECT "Id" FROM "Pastes" WHERE "Deadline" <= $now
                        LIMIT $batch)
                    """);
                delete.Parameters.AddWithValue("$cutoff", notAccessedSince.ToUnixTimeMilliseconds());
                delete.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                delete.Parameters.AddWithValue("$batch", batchSize);
                return delete.ExecuteNonQuery();
            },
            cancellationToken);

    public Task<int> DeleteIdempotencyKeysBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            transaction =>
            {
                using var delete = transaction.Command(
                    """
                    DELETE FROM "IdempotencyKeys" WHERE rowid IN (
                        SELECT rowid FROM "IdempotencyKeys" WHERE "CreatedAt" < $cutoff ORDER BY "CreatedAt" LIMIT $batch)
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

        return (PasteRows.Read(id, reader), reader.IsDBNull(ContentColumn) ? null : reader.GetFieldValue<byte[]>(ContentColumn), reader.GetInt64(ContentColumn + 1));
    }

    private static bool DeletePaste(SqliteTransaction transaction, string id)
    {
        // The content goes with its paste through the foreign key's cascade.
        using var delete = transaction.Command("""DELETE FROM "Pastes" WHERE "Id" = $id""");
        delete.Parameters.AddWithValue("$id", id);
        return delete.ExecuteNonQuery() > 0;
    }

    private static OwnerUsage ReadOwnerUsage(SqliteTransaction transaction, string owner, DateTimeOffset now, TimeSpan expiry)
    {
        using var select = transaction.Command(SelectOwnerUsage);
        return ReadOwnerUsage(select, owner, now, expiry);
    }

    private static OwnerUsage ReadOwnerUsage(SqliteCommand select, string owner, DateTimeOffset now, TimeSpan expiry)
    {
        BindOwnersLivePastes(select, owner, now, expiry);
        using var reader = select.ExecuteReader();
        reader.Read();
        return new OwnerUsage(reader.GetInt64(0), reader.GetInt64(1));
    }

    private static void BindOwnersLivePastes(SqliteCommand select, string owner, DateTimeOffset now, TimeSpan expiry)
    {
        select.Parameters.AddWithValue("$owner", owner);
        select.Parameters.AddWithValue("$notAccessedSince", (now - expiry).ToUnixTimeMilliseconds());
        select.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// Takes the key, or replaces one older than its window that the sweep has not removed yet; a live key already
    /// taken means another create with it committed first.
    /// </summary>
    private static void InsertIdempotencyKey(SqliteTransaction transaction, IdempotentCreate key)
    {
        using var insert = transaction.Command(
            """
            INSERT INTO "IdempotencyKeys" ("Scope", "Key", "RequestHash", "Response", "CreatedAt")
            VALUES ($scope, $key, $requestHash, $response, $createdAt)
            ON CONFLICT ("Scope", "Key") DO UPDATE SET
                "RequestHash" = excluded."RequestHash", "Response" = excluded."Response", "CreatedAt" = excluded."CreatedAt"
            WHERE "IdempotencyKeys"."CreatedAt" < $windowStart
            """);
        insert.Parameters.AddWithValue("$scope", key.Scope);
        insert.Parameters.AddWithValue("$key", key.Key);
        insert.Parameters.AddWithValue("$requestHash", key.RequestHash);
        insert.Parameters.AddWithValue("$response", key.Response);
        insert.Parameters.AddWithValue("$createdAt", key.CreatedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$windowStart", (key.CreatedAt - Application.Pastes.CreatePasteHandler.IdempotencyWindow).ToUnixTimeMilliseconds());
        if (insert.ExecuteNonQuery() == 0)
        {
            throw new IdempotencyKeyTakenException();
        }
    }

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
