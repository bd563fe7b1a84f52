using System.CommandLine;
using Paste.Cli.Connection;
using Paste.Cli.Settings;

namespace Paste.Cli.Commands;

/// <summary><c>paste login</c>: saves the server and identity given as flags or variables to config.json, once the server answers.</summary>
public static class LoginCommand
{
    public static Command Create(GlobalOptions options, CliConsole console)
    {
        var command = new Command("login", """
            Save the server and identity given as flags or PASTE_* variables (over what config.json already holds), after
            checking that the server answers. The file is readable by you only; later commands use it when no flag or
            variable says otherwise.

            Example:
              paste login --url https://paste.example.com --key-id cl_fuD6bng2Bxc4iOdkfbvP --secret "$SECRET"
            """);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = await options.ResolveAsync(parse, console);
            using (var connection = PasteConnection.Open(settings))
            {
                await connection.Client.GetHealthAsync(cancellationToken);
            }

            var path = await ConfigFile.WriteAsync(console.ConfigDirectory, settings);
            await console.Error.WriteLineAsync($"saved {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
