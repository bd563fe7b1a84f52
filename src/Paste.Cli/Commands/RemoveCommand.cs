using System.CommandLine;
using Paste.Cli.Connection;

namespace Paste.Cli.Commands;

/// <summary><c>paste rm ID</c>: deletes a paste of one's own.</summary>
public static class RemoveCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The paste's id (the last part of its URL)." };
        var command = new Command("rm", """
            Delete a paste you own: created with the same key or client certificate.

            Example:
              paste rm Ab3dEf6hIj9kLm2n
            """)
        {
            id,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = PasteConnection.Open(await options.ResolveAsync(parse, console));
            var pasteId = PasteIds.FromArgument(parse.GetValue(id)!);
            await connection.Client.DeletePasteAsync(pasteId, cancellationToken: cancellationToken);
            await console.WriteLineAsync($"deleted {pasteId}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
