using System.CommandLine;
using System.Net.Sockets;
using Paste.Cli.Commands;
using Paste.Client;

namespace Paste.Cli;

/// <summary>The <c>paste</c> command line: its commands, and one mapping of every failure to a message and an exit code.</summary>
public static class PasteCommandLine
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var options = new GlobalOptions();
        var root = options.AddTo(CreateCommand.Root(options, console));
        root.Subcommands.Add(options.AddTo(GetCommand.Create(options, console)));
        root.Subcommands.Add(options.AddTo(InfoCommand.Create(options, console)));
        root.Subcommands.Add(options.AddTo(RemoveCommand.Create(options, console)));
        root.Subcommands.Add(options.AddTo(LoginCommand.Create(options, console)));
        root.Subcommands.Add(KeygenCommand.Create(console));
        root.Subcommands.Add(VerifyWebhookCommand.Create(console, TimeProvider.System));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync("paste: " + error.Message);
            }

            await console.Error.WriteLineAsync("Try 'paste --help'.");
            return ExitCodes.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = new StreamWriter(console.Output) { AutoFlush = true },
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            };
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (UsageException exception)
        {
            await console.Error.WriteLineAsync("paste: " + exception.Message);
            return ExitCodes.Usage;
        }
        catch (PasteApiException exception)
        {
            // The server's own JSON error, as it sent it: scripts can parse it, people can read it.
            await console.Error.WriteLineAsync(string.IsNullOrEmpty(exception.Response) ? $"paste: the server answered {exception.StatusCode}" : exception.Response);
            return ExitCodes.Refused;
        }
        catch (OperationCanceledException exception) when (exception.CancellationToken.IsCancellationRequested)
        {
            // Ctrl-C (or the caller's token): the command stopped where it was; a download left only its .partial file.
            await console.Error.WriteLineAsync("paste: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception exception) when (IsNetworkFailure(exception))
        {
            await console.Error.WriteLineAsync("paste: cannot reach the server: " + exception.Message);
            return ExitCodes.Network;
        }
    }

    private static bool IsNetworkFailure(Exception exception) =>
        exception is HttpRequestException or SocketException or TaskCanceledException
        || (exception is IOException && exception.InnerException is SocketException);
}
