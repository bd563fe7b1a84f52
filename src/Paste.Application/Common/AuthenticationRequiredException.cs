namespace Paste.Application.Common;

public sealed class AuthenticationRequiredException(string message = "Authentication required") : PasteException(message);
