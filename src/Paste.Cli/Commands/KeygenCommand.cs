using System.CommandLine;
using System.Text.Json;
using Paste.Cli.Connection;

namespace Paste.Cli.Commands;

/// <summary><c>paste keygen</c>: an Ed25519 key pair for a registered client whose secret never leaves its machine.</summary>
public static class KeygenCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("keygen", """
            Make an Ed25519 key pair. Give the public key to the server's operator ('clients add NAME --public-key PUB');
            keep the private key (PASTE_PRIVATE_KEY, --private-key, or 'paste login --private-key').

            Example:
              paste keygen > key.json
            """);
        command.SetAction(async _ =>
        {
            var (privateKey, publicKey) = Ed25519Keys.Create();
            await console.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["private_key"] = privateKey, ["public_key"] = publicKey }, CliJson.Options));
            await console.Error.WriteLineAsync($"register it on the server: clients add NAME --public-key {publicKey}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
