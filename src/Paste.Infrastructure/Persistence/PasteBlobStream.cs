using Microsoft.Data.Sqlite;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Streams a paste's content straight out of SQLite. It owns its connection and a read transaction, so the
/// bytes come from one consistent snapshot even if the paste is deleted while the response is being written.
/// </summary>
internal sealed class PasteBlobStream(SqliteConnection connection, SqliteTransaction transaction, SqliteBlob blob) : Stream
{
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

    public static async Task<Stream?> OpenAsync(string connectionString, string pasteId, CancellationToken cancellationToken)
    {
        var connection = await SqliteConnectionSetup.OpenAsync(connectionString, cancellationToken);
        SqliteTransaction? transaction = null;
        try
        {
            transaction = connection.BeginTransaction(deferred: true);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT rowid FROM \"PasteContents\" WHERE \"PasteId\" = $id";
            command.Parameters.AddWithValue("$id", pasteId);
            if (await command.ExecuteScalarAsync(cancellationToken) is not long rowId)
            {
                transaction.Dispose();
                await connection.DisposeAsync();
                return null;
            }

            var blob = new SqliteBlob(connection, "PasteContents", "Data", rowId, readOnly: true);
            return new PasteBlobStream(connection, transaction, blob);
        }
        catch
        {
            transaction?.Dispose();
            await connection.DisposeAsync();
            throw;
        }
    }
}
