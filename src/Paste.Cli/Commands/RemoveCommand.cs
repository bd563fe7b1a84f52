using System.CommandLine;
using Paste.Cli.Connection;

namespace Paste.Cli.Commands;

/// <summary><c>paste rm ID [--token TOKEN]</c>: deletes a paste of one's own, or one whose delete token one holds.</summary>
public static class RemoveCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The paste's id (the last part of its URL)." };
        var token = new Option<string?>("--token") { Description = "The delete_token the paste's create answered (paste --json shows it)." };
        var command = new Command("rm", """
            Delete a paste you own (created with the same key or client certificate), or any paste whose delete
            token you hold.

            Examples:
              paste rm Ab3dEf6hIj9kLm2n
              paste rm Ab3dEf6hIj9kLm2n --token 7clane24OgB-vj1bF8KJ4zETKjsosXokQDG3QoV8u60
            """)
        {
            id, token,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = PasteConnection.Open(await options.ResolveAsync(parse, console));
            var pasteId = PasteIds.FromArgument(parse.GetValue(id)!);
            await connection.Client.DeletePasteAsync(pasteId, x_Delete_Token: parse.GetValue(token), cancellationToken: cancellationToken);
            await console.WriteLineAsync($"deleted {pasteId}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
