namespace Paste.Cli;

/// <summary>
/// A stream that draws how much of it has been read or written on standard error, for transfers over 1 MiB and only
/// when a person watches standard error; a script's stderr never sees it.
/// </summary>
public sealed class ProgressStream(Stream inner, long? total, string label, CliConsole console) : Stream
{
    public const long Threshold = 1024 * 1024;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private long done;
    private long lastDrawn;
    private bool drawn;

    /// <summary><paramref name="stream"/> itself when no progress is to be drawn.</summary>
    public static Stream Wrap(Stream stream, long? total, string label, CliConsole console) =>
        console.ErrorIsTerminal && total is null or > Threshold ? new ProgressStream(stream, total, label, console) : stream;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => total ?? throw new NotSupportedException();

    public override long Position
    {
        get => done;
        set => throw new NotSupportedException();
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

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && drawn)
        {
            Draw();
            console.Error.WriteLine();
        }

        base.Dispose(disposing);
    }

    private int Count(int bytes)
    {
        done += bytes;
        var now = TimeProvider.System.GetTimestamp();
        if (done > Threshold && TimeProvider.System.GetElapsedTime(lastDrawn, now) >= Interval)
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
