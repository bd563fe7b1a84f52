namespace Paste.Application.Common;

/// <summary>The store has no room for the write (a full disk or database); nothing of it was kept.</summary>
public sealed class StorageFullException(Exception innerException)
    : PasteException("Insufficient storage", innerException);
