using System.CommandLine;
using Paste.Cli.Connection;

namespace Paste.Cli.Commands;

/// <summary><c>paste get ID [-o FILE]</c>: a paste's bytes, exactly as stored.</summary>
public static class GetCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The paste's id (the last part of its URL)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the bytes to this file instead of standard output." };
        var command = new Command("get", """
            Write a paste's bytes, exactly as stored, to standard output or a file.

            Example:
              paste get Ab3dEf6hIj9kLm2n -o screenshot.png
            """)
        {
            id, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var connection = PasteConnection.Open(await options.ResolveAsync(parse, console));
            using var response = await connection.Client.GetPasteRawAsync(PasteIds.FromArgument(parse.GetValue(id)!), cancellationToken);
            var length = response.Headers.TryGetValue("Content-Length", out var values) && long.TryParse(values.FirstOrDefault(), out var declared) ? declared : (long?)null;

            if (parse.GetValue(output) is { } file)
            {
                // Written beside the target and moved into place, so that a broken download never leaves half a file.
                var partial = file.FullName + ".partial";
                await using (var target = new ProgressStream(File.Create(partial), length, "downloading", console))
                {
                    await response.Stream.CopyToAsync(target, cancellationToken);
                }

                File.Move(partial, file.FullName, overwrite: true);
                return ExitCodes.Ok;
            }

            await using (var target = new ProgressStream(console.Output, length, "downloading", console, leaveOpen: true))
            {
                await response.Stream.CopyToAsync(target, cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
