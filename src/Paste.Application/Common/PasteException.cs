namespace Paste.Application.Common;

/// <summary>The outcomes a use case can refuse with; the API maps each to one status code.</summary>
public abstract class PasteException(string message, Exception? innerException = null) : Exception(message, innerException);
