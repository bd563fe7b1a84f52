using System.Buffers;
using System.Data;
using Npgsql;
using NpgsqlTypes;
using Paste.Application.Common;
using Paste.Application.Pastes;
using Paste.Domain.Webhooks;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// Pastes in PostgreSQL through plain parameterised commands on pooled connections, as <see cref="PasteRepository"/>
/// does for SQLite. There is no writer of our own: PostgreSQL runs concurrent transactions itself and flushes the
/// commits that arrive together with one write of its log, which is what our group commit does for SQLite.
/// </summary>
internal sealed class PostgresPasteRepository(NpgsqlDataSource dataSource) : IPasteRepository
{
    /// <summary>An owner's live pastes ($1 owner, $2 not accessed since, $3 now).</summary>
    private const string OwnersLivePastes = """
        "Owner" = $1 AND "LastAccessedAt" > $2 AND ("Deadline" IS NULL OR "Deadline" > $3) AND ("ViewsLeft" IS NULL OR "ViewsLeft" > 0)
        """;

    private const string SelectOwnerUsage = $"""SELECT COUNT(*), COALESCE(SUM("Size"), 0)::bigint FROM "Pastes" WHERE {OwnersLivePastes}""";

    private const string SelectOwnedPage = $"""
        SELECT {PasteRows.Columns}, p."Id" FROM "Pastes" AS p
        WHERE {OwnersLivePastes} AND (p."CreatedAt", p."Id") < ($4, $5)
        ORDER BY p."CreatedAt" DESC, p."Id" DESC
        LIMIT $6
        """;

    private const string SelectPaste = $"""SELECT {PasteRows.Columns} FROM "Pastes" AS p WHERE p."Id" = $1""";

    /// <summary>The paste, and its content when that is one chunk ($2 bytes at most): most pastes are small, and come back in one read.</summary>
    private const string SelectPasteWithSmallContent = $"""
        SELECT {PasteRows.Columns}, CASE WHEN p."Size" <= $2 THEN
            (SELECT c."Data" FROM "PasteChunks" AS c WHERE c."PasteId" = p."Id" AND c."Index" = 0) END
        FROM "Pastes" AS p WHERE p."Id" = $1
        """;

    private const string InsertPaste = """
        INSERT INTO "Pastes" ("Id", "MimeType", "Size", "CreatedAt", "LastAccessedAt", "Owner", "Deadline", "MaxViews", "ViewsLeft", "Sha256", "DeleteTokenHash")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10)
        """;

    private const string InsertAnnouncement = """
        INSERT INTO "WebhookDeliveries" ("Id", "EventId", "Url", "Payload", "CreatedAt", "Status", "Attempts", "NextAttemptAt", "DeliveredAt", "LastError")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)
        """;

    public async Task AddAsync(
        Domain.Pastes.Paste paste,
        Stream content,
        IReadOnlyCollection<WebhookDelivery> announcements,
        PasteAdmission admission,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(PostgresContent.ChunkBytes, Math.Max(paste.Size, 1)));
        try
        {
            // The first chunk is read before a connection is taken: a slow upload holds no connection while it arrives.
            var first = await PostgresContent.FillAsync(content, buffer, (int)Math.Min(PostgresContent.ChunkBytes, paste.Size), cancellationToken);
            if (first < Math.Min(PostgresContent.ChunkBytes, paste.Size))
            {
                throw new InvalidDataException($"The content ended after {first} of {paste.Size} bytes.");
            }

            await PostgresErrors.TranslateAsync(async () =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

                // Most creates are one chunk with nothing to check first: one batch, which PostgreSQL runs as one
                // implicit transaction, is the whole write, and its answer comes once it is committed.
                var oneStep = admission.Quota is null && admission.IdempotencyKey is null && paste.Size <= PostgresContent.ChunkBytes;
                await using var transaction = oneStep ? null : await connection.BeginTransactionAsync(cancellationToken);
                if (admission.Quota is { } quota)
                {
                    // Creates of one owner queue here until the transaction ends, so that what is counted is what the paste joins.
                    await using (var serialize = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction))
                    {
                        serialize.Parameters.Add(new NpgsqlParameter<string> { TypedValue = quota.Owner });
                        await serialize.ExecuteNonQueryAsync(cancellationToken);
                    }

                    quota.Admit(await ReadOwnerUsageAsync(connection, transaction, quota.Owner, quota.Now, quota.Expiry, cancellationToken), paste.Size);
                }

                if (admission.IdempotencyKey is { } key)
                {
                    await InsertIdempotencyKeyAsync(connection, transaction!, key, cancellationToken);
                }

                // The paste, its first chunk and its announcements go in one round trip.
                await using (var batch = new NpgsqlBatch(connection, transaction))
                {
                    batch.BatchCommands.Add(PasteInsert(paste));
                    if (paste.Size > 0)
                    {
                        batch.BatchCommands.Add(PostgresContent.ChunkInsert(paste.Id, 0, buffer, first));
                    }

                    foreach (var delivery in announcements)
                    {
                        batch.BatchCommands.Add(AnnouncementInsert(delivery));
                    }

                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }

                if (transaction is not null)
                {
                    await PostgresContent.WriteRestAsync(connection, transaction, paste.Id, content, paste.Size, first, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }

                return true;
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<IdempotentCreate?> FindIdempotentCreateAsync(string scope, string key, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(
            """SELECT "RequestHash", "Response", "CreatedAt" FROM "IdempotencyKeys" WHERE "Scope" = $1 AND "Key" = $2 AND "CreatedAt" >= $3""");
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope });
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = since.ToUnixTimeMilliseconds() });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new IdempotentCreate(scope, key, reader.GetFieldValue<byte[]>(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)))
            : null;
    }

    public Task<int?> TakeViewAsync(string id, CancellationToken cancellationToken) =>
        PostgresErrors.TranslateAsync(async () =>
        {
            // One batch, one implicit transaction: the update's row lock orders concurrent readers, and the read that
            // takes the last view deletes the paste before any other sees the row again.
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("""UPDATE "Pastes" SET "ViewsLeft" = "ViewsLeft" - 1 WHERE "Id" = $1 AND "ViewsLeft" > 0 RETURNING "ViewsLeft" """)
                    {
                        Parameters = { new NpgsqlParameter<string> { TypedValue = id } },
                    },
                    new NpgsqlBatchCommand("""DELETE FROM "Pastes" WHERE "Id" = $1 AND "ViewsLeft" = 0""")
                    {
                        Parameters = { new NpgsqlParameter<string> { TypedValue = id } },
                    },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? reader.GetInt32(0) : (int?)null;
        });

    public async Task<OwnerUsage> GetOwnerUsageAsync(string owner, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadOwnerUsageAsync(connection, null, owner, now, expiry, cancellationToken);
    }

    public async Task<IReadOnlyList<Domain.Pastes.Paste>> ListOwnedAsync(
        string owner, DateTimeOffset now, TimeSpan expiry, PasteCursor? after, int limit, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(SelectOwnedPage);
        BindOwnersLivePastes(select.Parameters, owner, now, expiry);
        select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after?.CreatedAt.ToUnixTimeMilliseconds() ?? long.MaxValue });
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after?.Id ?? string.Empty });
        select.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var pastes = new List<Domain.Pastes.Paste>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pastes.Add(PasteRows.Read(reader.GetString(PasteRows.Count), reader));
        }

        return pastes;
    }

    public async Task<Domain.Pastes.Paste?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(SelectPaste);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PasteRows.Read(id, reader) : null;
    }

    public async Task<StoredTotals> GetTotalsAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("""SELECT COUNT(*), COALESCE(SUM("Size"), 0)::bigint FROM "Pastes" """);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StoredTotals(reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<OpenedPaste?> OpenAsync(string id, CancellationToken cancellationToken)
    {
        // Most pastes are one chunk: one read returns metadata and content, and no connection is held after it.
        await using (var select = dataSource.CreateCommand(SelectPasteWithSmallContent))
        {
            var (paste, inline) = await ReadWithSmallContentAsync(select, id, cancellationToken);
            if (paste is null || inline is not null || paste.Size == 0)
            {
                return paste is null ? null : new OpenedPaste(paste, new MemoryStream(inline ?? [], writable: false));
            }
        }

        // Larger content streams for a while, on a connection of its own: a repeatable-read transaction keeps
        // metadata and chunks one snapshot, so a paste deleted meanwhile is still read whole. It is read again inside
        // it, as it may have changed since.
        var streaming = await dataSource.OpenConnectionAsync(cancellationToken);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await streaming.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await using var select = new NpgsqlCommand(SelectPaste, streaming, transaction);
            select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
            Domain.Pastes.Paste? paste;
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                paste = await reader.ReadAsync(cancellationToken) ? PasteRows.Read(id, reader) : null;
            }

            if (paste is null)
            {
                await transaction.DisposeAsync();
                await streaming.DisposeAsync();
                return null;
            }

            return new OpenedPaste(paste, new PostgresContentStream(streaming, transaction, id, paste.Size));
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            await streaming.DisposeAsync();
            throw;
        }
    }

    public Task RecordAccessAsync(string id, DateTimeOffset accessedAt, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """UPDATE "Pastes" SET "LastAccessedAt" = $2 WHERE "Id" = $1 AND "LastAccessedAt" < $2""",
            cancellationToken,
            new NpgsqlParameter<string> { TypedValue = id },
            new NpgsqlParameter<long> { TypedValue = accessedAt.ToUnixTimeMilliseconds() });

    public async Task<bool> DeleteOwnedAsync(string id, string owner, CancellationToken cancellationToken) =>
        // The chunks go with their paste through the foreign key's cascade.
        await ExecuteAsync(
            """DELETE FROM "Pastes" WHERE "Id" = $1 AND "Owner" = $2""",
            cancellationToken,
            new NpgsqlParameter<string> { TypedValue = id },
            new NpgsqlParameter<string> { TypedValue = owner }) > 0;

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        await ExecuteAsync("""DELETE FROM "Pastes" WHERE "Id" = $1""", cancellationToken, new NpgsqlParameter<string> { TypedValue = id }) > 0;

    public Task<int> DeleteExpiredAsync(DateTimeOffset notAccessedSince, DateTimeOffset now, int batchSize, CancellationToken cancellationToken) =>
        // Every instance sweeps: rows another sweep holds are skipped, not waited for, and each paste is deleted once.
        ExecuteAsync(
            """
            DELETE FROM "Pastes" WHERE "Id" IN (
                SELECT "Id" FROM "Pastes" WHERE "LastAccessedAt" < $1 OR "Deadline" <= $2
                LIMIT $3 FOR UPDATE SKIP LOCKED)
            """,
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = notAccessedSince.ToUnixTimeMilliseconds() },
            new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() },
            new NpgsqlParameter<int> { TypedValue = batchSize });

    public Task<int> DeleteIdempotencyKeysBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            DELETE FROM "IdempotencyKeys" WHERE ctid IN (
                SELECT ctid FROM "IdempotencyKeys" WHERE "CreatedAt" < $1 ORDER BY "CreatedAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
            """,
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = cutoff.ToUnixTimeMilliseconds() },
            new NpgsqlParameter<int> { TypedValue = batchSize });

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        PostgresErrors.TranslateAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.AddRange(parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });

    private static async Task<(Domain.Pastes.Paste? Paste, byte[]? Content)> ReadWithSmallContentAsync(NpgsqlCommand select, string id, CancellationToken cancellationToken)
    {
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PostgresContent.ChunkBytes });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, null);
        }

        return (PasteRows.Read(id, reader), reader.IsDBNull(PasteRows.Count) ? null : reader.GetFieldValue<byte[]>(PasteRows.Count));
    }

    private static async Task<OwnerUsage> ReadOwnerUsageAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string owner, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(SelectOwnerUsage, connection, transaction);
        BindOwnersLivePastes(select.Parameters, owner, now, expiry);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OwnerUsage(reader.GetInt64(0), reader.GetInt64(1));
    }

    private static void BindOwnersLivePastes(NpgsqlParameterCollection parameters, string owner, DateTimeOffset now, TimeSpan expiry)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = (now - expiry).ToUnixTimeMilliseconds() });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = now.ToUnixTimeMilliseconds() });
    }

    /// <summary>
    /// Takes the key, or replaces one older than its window that the sweep has not removed yet. A live key already
    /// taken means another create with it committed first; one being taken by a create still running makes this wait
    /// for that create's outcome, which the unique key decides.
    /// </summary>
    private static async Task InsertIdempotencyKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IdempotentCreate key, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO "IdempotencyKeys" ("Scope", "Key", "RequestHash", "Response", "CreatedAt")
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT ("Scope", "Key") DO UPDATE SET
                "RequestHash" = excluded."RequestHash", "Response" = excluded."Response", "CreatedAt" = excluded."CreatedAt"
            WHERE "IdempotencyKeys"."CreatedAt" < $6
            """,
            connection,
            transaction);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Scope });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Key });
        insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = key.RequestHash });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Response });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key.CreatedAt.ToUnixTimeMilliseconds() });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (key.CreatedAt - CreatePasteHandler.IdempotencyWindow).ToUnixTimeMilliseconds() });
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new IdempotencyKeyTakenException();
        }
    }

    private static NpgsqlBatchCommand PasteInsert(Domain.Pastes.Paste paste)
    {
        var insert = new NpgsqlBatchCommand(InsertPaste);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = paste.Id });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = paste.MimeType });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = paste.Size });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = paste.CreatedAt.ToUnixTimeMilliseconds() });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = paste.LastAccessedAt.ToUnixTimeMilliseconds() });
        insert.Parameters.Add(Nullable(paste.Owner, NpgsqlDbType.Varchar));
        insert.Parameters.Add(Nullable(paste.Deadline?.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint));
        insert.Parameters.Add(Nullable(paste.MaxViews, NpgsqlDbType.Integer));
        insert.Parameters.Add(Nullable(paste.Sha256, NpgsqlDbType.Bytea));
        insert.Parameters.Add(Nullable(paste.DeleteTokenHash, NpgsqlDbType.Bytea));
        return insert;
    }

    private static NpgsqlBatchCommand AnnouncementInsert(WebhookDelivery delivery)
    {
        var insert = new NpgsqlBatchCommand(InsertAnnouncement);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = delivery.Id });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = delivery.EventId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = delivery.Url });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = delivery.Payload });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = delivery.CreatedAt.ToUnixTimeMilliseconds() });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)delivery.Status });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = delivery.Attempts });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = delivery.NextAttemptAt.ToUnixTimeMilliseconds() });
        return insert;
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
