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
}
