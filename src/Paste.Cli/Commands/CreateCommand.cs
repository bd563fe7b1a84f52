using System.CommandLine;
using System.Text.Json;
using Paste.Cli.Connection;

namespace Paste.Cli.Commands;

/// <summary><c>paste [FILE…]</c>: each file (standard input when none) becomes a paste; its URL is printed.</summary>
public static class CreateCommand
{
    public static RootCommand Root(GlobalOptions options, CliConsole console)
    {
        var files = new Argument<FileInfo[]>("file")
        {
            Description = "Files to paste, one paste each; standard input when there is none.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print the server's whole JSON answer instead of the URL." };
        var type = new Option<string?>("--type") { Description = "Declare the content type (e.g. text/x-python); by default the server detects it." };
        var root = new RootCommand("""
            paste: store text and files on a Paste server and get them back by id.

            Examples:
              make 2>&1 | paste
              paste --type text/x-python script.py
              paste get Ab3dEf6hIj9kLm2n -o copy.txt
            """)
        {
            files, json, type,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = PasteConnection.Open(await options.ResolveAsync(parse, console), parse.GetValue(type));
            var inputs = parse.GetValue(files) ?? [];
            if (inputs.Length == 0)
            {
                if (console.InputIsTerminal)
                {
                    await console.Error.WriteLineAsync("paste: reading the paste from the terminal; end it with Ctrl-D (or pass a file, or pipe into paste)");
                }

                await CreateAsync(connection, new ProgressStream(console.Input, null, "uploading", console, leaveOpen: true), parse.GetValue(json), console, cancellationToken);
                return ExitCodes.Ok;
            }

            foreach (var file in inputs)
            {
                if (!file.Exists)
                {
                    throw new UsageException($"{file.FullName}: no such file.");
                }

                await CreateAsync(connection, new ProgressStream(file.OpenRead(), file.Length, file.Name, console), parse.GetValue(json), console, cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return root;
    }

    private static async Task CreateAsync(PasteConnection connection, Stream content, bool json, CliConsole console, CancellationToken cancellationToken)
    {
        await using (content)
        {
            var created = await connection.Client.CreatePasteAsync(content, cancellationToken: cancellationToken);
            await console.WriteLineAsync(json ? JsonSerializer.Serialize(created, CliJson.Options) : connection.UrlOf(created.Id));
        }
    }
}
