namespace Paste.Cli;

/// <summary>Something the person at the keyboard can fix: a missing setting, a file that does not exist. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
