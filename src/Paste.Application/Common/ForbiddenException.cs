namespace Paste.Application.Common;

public sealed class ForbiddenException(string message = "Permission denied") : PasteException(message);
