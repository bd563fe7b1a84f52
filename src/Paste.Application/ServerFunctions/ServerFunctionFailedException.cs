namespace Paste.Application.ServerFunctions;

/// <summary>An operator function that failed; <see cref="Reason"/> is for the log, the caller learns only that it failed.</summary>
public sealed class ServerFunctionFailedException(string function, string reason) : Exception("Server function failed")
{
    public string Function { get; } = function;

    public string Reason { get; } = reason;
}
