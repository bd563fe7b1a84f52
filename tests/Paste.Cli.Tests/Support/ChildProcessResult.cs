namespace Paste.Cli.Tests.Support;

/// <summary>How a program that a test ran ended, what it printed, and how long it took.</summary>
public sealed record ChildProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s\nstdout: {StandardOutput}\nstderr: {StandardError}";
}
