using Paste.Api.Streams;
using Paste.Application.Common;

namespace Paste.Api.Binding;

/// <summary>
/// Passes a request body through until it exceeds the caller's limit, then refuses it. It never asks the inner
/// stream for more than limit + 1 bytes in total, so nothing beyond that is ever buffered.
/// </summary>
internal sealed class SizeLimitedReadStream(Stream inner, long maxBytes, bool authenticated) : ForwardOnlyReadStream(inner)
{
    private long total;

    /// <summary>Zero-byte reads (waiting for data) pass through; no read may go past limit + 1 in total.</summary>
    protected override int Limit(int requested) => (int)Math.Min(requested, maxBytes + 1 - total);

    protected override void Observe(ReadOnlySpan<byte> data, bool endOfStream)
    {
        total += data.Length;
        if (total > maxBytes)
        {
            throw new PayloadTooLargeException(total, maxBytes, authenticated);
        }
    }
}
