namespace Paste.Application.ServerFunctions;

/// <summary>
/// A call accepted but not run, since its client or its function already has as many runs going as it may; the caller
/// may try again once one of them ends. <see cref="Reason"/> is for the log.
/// </summary>
public sealed class ServerFunctionsBusyException(string reason) : Exception("Too many requests")
{
    public string Reason { get; } = reason;
}
