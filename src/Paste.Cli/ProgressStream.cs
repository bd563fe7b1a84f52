namespace Paste.Cli;

/// <summary>
/// A stream that draws how much of it has been read or written on standard error, once past 1 MiB and only when a
/// person watches standard error; a script's stderr never sees it. Disposing it disposes <paramref name="inner"/>
/// unless <paramref name="leaveOpen"/> (standard output).
/// </summary>
public sealed class ProgressStream(Stream inner, long? total, string label, CliConsole console, bool leaveOpen = false) : Stream
{
    public const long Threshold = 1024 * 1024;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private long done;
    private long lastDrawn;
    private bool drawn;
    private bool disposed;

    public override bool CanRead => inner.CanRead;

    /// <summary>A file stays seekable, so that the upload is sent with its Content-Length and the server can refuse it at once.</summary>
    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Count(count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        Count(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            if (drawn)
            {
                Draw();
                console.Error.WriteLine();
            }

            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int Count(int bytes)
    {
        done += bytes;
        var now = TimeProvider.System.GetTimestamp();
        if (console.ErrorIsTerminal && done > Threshold && TimeProvider.System.GetElapsedTime(lastDrawn, now) >= Interval)
        {
            lastDrawn = now;
            Draw();
        }

        return bytes;
    }

    private void Draw()
    {
        drawn = true;
        var line = total is > 0 ? $"{label} {Mebibytes(done)} / {Mebibytes(total.Value)} MiB ({done * 100 / total.Value}%)" : $"{label} {Mebibytes(done)} MiB";
        console.Error.Write("\r" + line);
        console.Error.Flush();
    }

    private static string Mebibytes(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
