using Microsoft.Data.Sqlite;

namespace Paste.Infrastructure.Persistence;

/// <summary>
/// Streams a paste's content straight out of SQLite. It owns its connection and a read transaction, so the
/// bytes come from one consistent snapshot even if the paste is deleted while the response is being written.
/// </summary>
/// <remarks>
/// A snapshot held open keeps SQLite from checkpointing its write-ahead log past it, so one client reading slowly
/// would let the log grow for as long as it reads: hours, for a large paste at the slowest rate the server accepts.
/// So a read still going after <paramref name="snapshotLimit"/> goes on from a copy of the content in a file that is
/// already deleted, and the snapshot is let go. A reader that keeps up never pays for the copy.
/// </remarks>
internal sealed class PasteBlobStream : Stream
{
    private readonly Lock gate = new();
    private readonly string copyDirectory;
    private readonly ITimer releaseTimer;
    private SqliteConnection? connection;
    private SqliteTransaction? transaction;
    private Stream source;
    private bool disposed;

    public PasteBlobStream(
        SqliteConnection connection, SqliteTransaction transaction, SqliteBlob blob, string copyDirectory, TimeProvider timeProvider, TimeSpan snapshotLimit)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.copyDirectory = copyDirectory;
        source = blob;
        Length = blob.Length;
        releaseTimer = timeProvider.CreateTimer(_ => ReleaseSnapshot(), null, snapshotLimit, Timeout.InfiniteTimeSpan);
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get
        {
            lock (gate)
            {
                return source.Position;
            }
        }

        set
        {
            lock (gate)
            {
                source.Position = value;
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        lock (gate)
        {
            return source.Read(buffer);
        }
    }

    // SQLite and the copy read synchronously from memory or the page cache; the base class would queue each read to another thread.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        lock (gate)
        {
            return source.Seek(offset, origin);
        }
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            releaseTimer.Dispose();
            lock (gate)
            {
                disposed = true;
                source.Dispose();
                CloseSnapshot();
            }
        }

        base.Dispose(disposing);
    }

    private void ReleaseSnapshot()
    {
        lock (gate)
        {
            if (disposed || transaction is null)
            {
                return;
            }

            FileStream? copy = null;
            try
            {
                copy = CreateDeletedFile();
                var position = source.Position;
                source.Position = 0;
                source.CopyTo(copy);
                copy.Position = position;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // No room for the copy: the read goes on from the snapshot, as it would have without this.
                copy?.Dispose();
                return;
            }

            source.Dispose();
            source = copy;
            CloseSnapshot();
        }
    }

    /// <summary>A file beside the database, readable by the service only, whose name is gone as soon as it is open.</summary>
    private FileStream CreateDeletedFile()
    {
        var path = Path.Combine(copyDirectory, $".read-{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Options = FileOptions.DeleteOnClose };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            // Unlinked now, so that not even a crash leaves the copy behind; the open file lives on until it is closed.
            File.Delete(path);
        }

        return file;
    }

    private void CloseSnapshot()
    {
        transaction?.Dispose();
        connection?.Dispose();
        transaction = null;
        connection = null;
    }
}
