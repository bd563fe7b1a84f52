using System.Text;

namespace Paste.Cli.Tests.Support;

/// <summary>What one run of the tool left: its exit code, the bytes on standard output, the text on standard error.</summary>
public sealed record CliResult(int ExitCode, byte[] Output, string Error)
{
    public string OutputText => Encoding.UTF8.GetString(Output);

    public override string ToString() => $"exit {ExitCode}\nstdout: {OutputText}\nstderr: {Error}";
}
