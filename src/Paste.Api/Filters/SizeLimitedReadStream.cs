using Paste.Application.Common;

namespace Paste.Api.Filters;

/// <summary>
/// Passes a request body through until it exceeds the caller's limit, then refuses it. It never asks the inner
/// stream for more than limit + 1 bytes in total, so nothing beyond that is ever buffered.
/// </summary>
internal sealed class SizeLimitedReadStream(Stream inner, long maxBytes, bool authenticated) : Stream
{
    private long total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => total;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken);
        Count(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, Allowed(count));
        Count(read);
        return read;
    }

    /// <summary>Zero-byte reads (waiting for data) pass through; no read may go past limit + 1 in total.</summary>
    private int Allowed(int requested) => (int)Math.Min(requested, maxBytes + 1 - total);

    private void Count(int read)
    {
        total += read;
        if (total > maxBytes)
        {
            Refuse();
        }
    }

    private void Refuse() => throw new PayloadTooLargeException(total, maxBytes, authenticated);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
