using Microsoft.Data.Sqlite;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Streams a paste's content straight out of SQLite. It owns its connection and a read transaction, so the
/// bytes come from one consistent snapshot even if the paste is deleted while the response is being written.
/// </summary>
internal sealed class PasteBlobStream(SqliteConnection connection, SqliteTransaction transaction, SqliteBlob blob) : Stream
{
    /// <summary>Content up to this size is read in one go: one buffer of the copy size, no connection held.</summary>
    private const int InlineBytes = 64 * 1024;

    public override bool CanRead => true;

    public override bool CanSeek => blob.CanSeek;

    public override bool CanWrite => false;

    public override long Length => blob.Length;

    public override long Position
    {
        get => blob.Position;
        set => blob.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => blob.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => blob.Read(buffer);

    // SQLite reads synchronously from its page cache; the base class would queue each read to another thread.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new(blob.Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => blob.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            blob.Dispose();
            transaction.Dispose();
            connection.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Opens a paste's content: small content is read at once and the connection goes back to the pool; larger
    /// content streams from SQLite through incremental BLOB I/O, never held whole.
    /// </summary>
    public static async Task<Stream?> OpenAsync(string connectionString, string pasteId, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        SqliteTransaction? transaction = null;
        try
        {
            await connection.OpenAsync(cancellationToken);
            transaction = connection.BeginTransaction(deferred: true);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                SELECT rowid, CASE WHEN length("Data") <= $inline THEN "Data" END FROM "PasteContents" WHERE "PasteId" = $id
                """;
            command.Parameters.AddWithValue("$id", pasteId);
            command.Parameters.AddWithValue("$inline", InlineBytes);
            long rowId;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    Close(connection, transaction);
                    return null;
                }

                if (!reader.IsDBNull(1))
                {
                    var inline = reader.GetFieldValue<byte[]>(1);
                    Close(connection, transaction);
                    return new MemoryStream(inline, writable: false);
                }

                rowId = reader.GetInt64(0);
            }

            var blob = new SqliteBlob(connection, "PasteContents", "Data", rowId, readOnly: true);
            return new PasteBlobStream(connection, transaction, blob);
        }
        catch
        {
            Close(connection, transaction);
            throw;
        }
    }

    private static void Close(SqliteConnection connection, SqliteTransaction? transaction)
    {
        transaction?.Dispose();
        connection.Dispose();
    }
}
