namespace Paste.Cli;

/// <summary>Where the tool reads and writes, and what it knows of its surroundings; the tests give it their own.</summary>
/// <param name="Input">Standard input, as bytes: a paste piped in is kept byte for byte.</param>
/// <param name="InputIsTerminal">Whether standard input is a person typing rather than a pipe or a file.</param>
/// <param name="Output">Standard output, as bytes: a paste read back is written byte for byte.</param>
/// <param name="Error">Standard error: messages, progress, the server's refusals.</param>
/// <param name="ErrorIsTerminal">Whether a person watches standard error, so that progress is worth drawing.</param>
/// <param name="Environment">Reads an environment variable.</param>
/// <param name="ConfigDirectory">Where <c>config.json</c> lives: <c>$XDG_CONFIG_HOME/paste</c>, or <c>~/.config/paste</c>.</param>
public sealed record CliConsole(
    Stream Input, bool InputIsTerminal, Stream Output, TextWriter Error, bool ErrorIsTerminal, Func<string, string?> Environment, string ConfigDirectory)
{
    public static CliConsole System => new(
        Console.OpenStandardInput(),
        !Console.IsInputRedirected,
        Console.OpenStandardOutput(),
        Console.Error,
        !Console.IsErrorRedirected,
        global::System.Environment.GetEnvironmentVariable,
        Path.Combine(
            global::System.Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(global::System.Environment.GetFolderPath(global::System.Environment.SpecialFolder.UserProfile), ".config"),
            "paste"));

    public async Task WriteLineAsync(string text)
    {
        var bytes = global::System.Text.Encoding.UTF8.GetBytes(text + "\n");
        await Output.WriteAsync(bytes);
        await Output.FlushAsync();
    }
}
