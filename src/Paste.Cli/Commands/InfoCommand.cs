using System.CommandLine;
using System.Text.Json;
using Paste.Cli.Connection;

namespace Paste.Cli.Commands;

/// <summary><c>paste info ID</c>: a paste's metadata as the server gives it.</summary>
public static class InfoCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The paste's id (the last part of its URL)." };
        var command = new Command("info", """
            Print a paste's metadata (type, size, creation and expiry times) as JSON.

            Example:
              paste info Ab3dEf6hIj9kLm2n
            """)
        {
            id,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = PasteConnection.Open(await options.ResolveAsync(parse, console));
            var metadata = await connection.Client.GetPasteMetadataAsync(PasteIds.FromArgument(parse.GetValue(id)!), cancellationToken: cancellationToken);

            // The content is what 'paste get' is for.
            metadata.Data = null;
            await console.WriteLineAsync(JsonSerializer.Serialize(metadata, CliJson.Options));
            return ExitCodes.Ok;
        });
        return command;
    }
}
