namespace Paste.Application.Common;

public sealed class NotFoundException(string message = "Paste not found") : PasteException(message);
