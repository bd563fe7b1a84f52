namespace Paste.Application.Common;

public sealed class PayloadTooLargeException(long? size, long maxSize, bool authenticated)
    : PasteException("Paste too large")
{
    /// <summary>The declared or observed size; null when the body was cut off before its size was known.</summary>
    public long? Size { get; } = size;

    public long MaxSize { get; } = maxSize;

    public bool Authenticated { get; } = authenticated;
}
