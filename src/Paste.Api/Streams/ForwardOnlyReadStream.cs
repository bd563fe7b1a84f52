namespace Paste.Api.Streams;

/// <summary>
/// A read-only, non-seekable wrapper over a request body that looks at every chunk as it passes. Subclasses see each
/// read through <see cref="Observe"/>; everything else a stream must answer is settled here once.
/// </summary>
internal abstract class ForwardOnlyReadStream(Stream inner) : Stream
{
    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public sealed override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer[..Limit(buffer.Length)], cancellationToken);
        }
        catch (IOException exception) when (exception is not BadHttpRequestException)
        {
            throw Malformed(exception);
        }

        Observe(buffer.Span[..read], endOfStream: read == 0 && buffer.Length > 0);
        return read;
    }

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override int Read(byte[] buffer, int offset, int count)
    {
        int read;
        try
        {
            read = inner.Read(buffer, offset, Limit(count));
        }
        catch (IOException exception) when (exception is not BadHttpRequestException)
        {
            throw Malformed(exception);
        }

        Observe(buffer.AsSpan(offset, read), endOfStream: read == 0 && count > 0);
        return read;
    }

    /// <summary>
    /// Whatever fails while the request's own bytes are read is the client's doing (its framing, its connection); the
    /// server reports some of it, an overflowing chunk size for one, as a bare IOException rather than a bad request.
    /// </summary>
    private static BadHttpRequestException Malformed(IOException exception) =>
        new("Malformed request body", StatusCodes.Status400BadRequest, exception);

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>How many of the <paramref name="requested"/> bytes one read may ask the inner stream for.</summary>
    protected virtual int Limit(int requested) => requested;

    /// <summary>Sees the bytes of one read; <paramref name="endOfStream"/> when the inner stream has ended.</summary>
    protected abstract void Observe(ReadOnlySpan<byte> data, bool endOfStream);
}
