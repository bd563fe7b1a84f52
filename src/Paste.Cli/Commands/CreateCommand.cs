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
        var expiresIn = new Option<long?>("--expires-in")
        {
            Description = "The longest the paste may live, whatever its reads: seconds, or a number with s, m, h or d (e.g. 10m, 2h, 7d).",
            CustomParser = Lifetimes.ParseSeconds,
        };
        var maxViews = new Option<int?>("--max-views") { Description = "Delete the paste after this many reads of its content." };
        var burn = new Option<bool>("--burn") { Description = "Burn after reading: the first read of the content deletes the paste." };
        var root = new RootCommand("""
            paste: store text and files on a Paste server and get them back by id.

            Examples:
              make 2>&1 | paste
              paste --type text/x-python script.py
              paste --burn --expires-in 1h < secret.txt
              paste get Ab3dEf6hIj9kLm2n -o copy.txt

            With --json the answer includes the paste's delete_token: `paste rm ID --token TOKEN` deletes it without
            an identity.
            """)
        {
            files, json, type, expiresIn, maxViews, burn,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = PasteConnection.Open(await options.ResolveAsync(parse, console), parse.GetValue(type));
            var limits = new PasteLimits(parse.GetValue(expiresIn), parse.GetValue(maxViews), parse.GetValue(burn));
            var inputs = parse.GetValue(files) ?? [];
            if (inputs.Length == 0)
            {
                if (console.InputIsTerminal)
                {
                    await console.Error.WriteLineAsync("paste: reading the paste from the terminal; end it with Ctrl-D (or pass a file, or pipe into paste)");
                }

                await CreateAsync(connection, new ProgressStream(console.Input, null, "uploading", console, leaveOpen: true), limits, parse.GetValue(json), console, cancellationToken);
                return ExitCodes.Ok;
            }

            foreach (var file in inputs)
            {
                if (!file.Exists)
                {
                    throw new UsageException($"{file.FullName}: no such file.");
                }

                await CreateAsync(connection, new ProgressStream(file.OpenRead(), file.Length, file.Name, console), limits, parse.GetValue(json), console, cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return root;
    }

    private static async Task CreateAsync(
        PasteConnection connection, Stream content, PasteLimits limits, bool json, CliConsole console, CancellationToken cancellationToken)
    {
        await using (content)
        {
            var created = await connection.Client.CreatePasteAsync(
                content,
                x_Paste_Expires_In: limits.ExpiresInSeconds,
                x_Paste_Max_Views: limits.MaxViews,
                x_Paste_Burn: limits.Burn ? "1" : null,
                cancellationToken: cancellationToken);
            await console.WriteLineAsync(json ? JsonSerializer.Serialize(created, CliJson.Options) : connection.UrlOf(created.Id));
        }
    }

    private sealed record PasteLimits(long? ExpiresInSeconds, int? MaxViews, bool Burn);
}
