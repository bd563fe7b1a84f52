namespace Paste.Application.Common;

/// <summary>The outcomes a use case can refuse with; the API maps each to one status code.</summary>
public abstract class PasteException(string message) : Exception(message);

public sealed class NotFoundException(string message = "Paste not found") : PasteException(message);

public sealed class AuthenticationRequiredException(string message = "Authentication required") : PasteException(message);

public sealed class ForbiddenException(string message = "Permission denied") : PasteException(message);

public sealed class PayloadTooLargeException(long? size, long maxSize, bool authenticated)
    : PasteException("Paste too large")
{
    /// <summary>The declared or observed size; null when the body was cut off before its size was known.</summary>
    public long? Size { get; } = size;

    public long MaxSize { get; } = maxSize;

    public bool Authenticated { get; } = authenticated;
}
