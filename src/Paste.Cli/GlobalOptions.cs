using System.CommandLine;
using Paste.Cli.Settings;

namespace Paste.Cli;

/// <summary>
/// The server and identity options of every command that talks to a server, and how they combine with the
/// environment and config.json. Commands that do not (keygen, verify-webhook) do not take them: their own
/// <c>--key</c> is another key.
/// </summary>
public sealed class GlobalOptions
{
    public Option<string?> Url { get; } = new("--url") { Description = "The server, e.g. https://paste.example.com (PASTE_URL; default http://localhost:5000)." };

    public Option<string?> KeyId { get; } = new("--key-id") { Description = "Key id of a registered client, from the server's 'clients add' (PASTE_KEY_ID)." };

    public Option<string?> Secret { get; } = new("--secret") { Description = "That client's shared secret: requests are signed with HMAC-SHA256 (PASTE_SECRET)." };

    public Option<string?> PrivateKey { get; } = new("--private-key") { Description = "That client's Ed25519 private key, base64, as 'paste keygen' prints it (PASTE_PRIVATE_KEY)." };

    public Option<string?> Certificate { get; } = new("--cert") { Description = "A PEM client certificate for a TLS proxy that identifies callers by certificate." };

    public Option<string?> CertificateKey { get; } = new("--key") { Description = "The PEM private key of --cert, when it is not in the certificate's file." };

    public IEnumerable<Option> All => [Url, KeyId, Secret, PrivateKey, Certificate, CertificateKey];

    /// <summary><paramref name="command"/> with these options added.</summary>
    public T AddTo<T>(T command)
        where T : Command
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        return command;
    }

    /// <summary>What the flags say.</summary>
    public ClientSettings FromFlags(ParseResult parse) => new()
    {
        Url = parse.GetValue(Url),
        KeyId = parse.GetValue(KeyId),
        Secret = parse.GetValue(Secret),
        PrivateKey = parse.GetValue(PrivateKey),
        Certificate = parse.GetValue(Certificate),
        CertificateKey = parse.GetValue(CertificateKey),
    };

    /// <summary>Each setting from its flag, else the environment, else config.json.</summary>
    public async Task<ClientSettings> ResolveAsync(ParseResult parse, CliConsole console) =>
        ClientSettings.Merge(
            ClientSettings.Merge(FromFlags(parse), ClientSettings.FromEnvironment(console.Environment)),
            await ConfigFile.ReadAsync(console.ConfigDirectory));
}
