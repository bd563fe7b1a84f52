using System.CommandLine;
using Paste.Cli.Settings;

namespace Paste.Cli;

/// <summary>The server and identity options every command takes, and how they combine with the environment and config.json.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Url { get; } = new("--url") { Description = "The server, e.g. https://paste.example.com (PASTE_URL; default http://localhost:5000).", Recursive = true };

    public Option<string?> KeyId { get; } = new("--key-id") { Description = "Key id of a registered client, from the server's 'clients add' (PASTE_KEY_ID).", Recursive = true };

    public Option<string?> Secret { get; } = new("--secret") { Description = "That client's shared secret: requests are signed with HMAC-SHA256 (PASTE_SECRET).", Recursive = true };

    public Option<string?> PrivateKey { get; } = new("--private-key") { Description = "That client's Ed25519 private key, base64, as 'paste keygen' prints it (PASTE_PRIVATE_KEY).", Recursive = true };

    public Option<string?> Certificate { get; } = new("--cert") { Description = "A PEM client certificate for a TLS proxy that identifies callers by certificate.", Recursive = true };

    public Option<string?> CertificateKey { get; } = new("--key") { Description = "The PEM private key of --cert, when it is not in the certificate's file.", Recursive = true };

    public IEnumerable<Option> All => [Url, KeyId, Secret, PrivateKey, Certificate, CertificateKey];

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
