namespace Paste.Application.ServerFunctions;

/// <summary>
/// A sealed call that is not accepted. Every refusal answers the same way; <see cref="Reason"/> is for the log
/// only, so that a caller learns nothing about which check failed.
/// </summary>
public sealed class SealedCallRefusedException(string reason) : Exception("Unauthorized")
{
    public string Reason { get; } = reason;
}
