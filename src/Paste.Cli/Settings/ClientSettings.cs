using System.Text.Json.Serialization;

namespace Paste.Cli.Settings;

/// <summary>
/// Which server, and who the tool is to it: a key of a registered client (a shared secret, or an Ed25519 private key)
/// and a client certificate for a TLS proxy. Each comes from a flag, else the environment, else <c>config.json</c>.
/// </summary>
public sealed record ClientSettings
{
    public const string DefaultUrl = "http://localhost:5000/";

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("key_id")]
    public string? KeyId { get; init; }

    /// <summary>The shared secret of a client registered without a public key: requests are signed with HMAC-SHA256.</summary>
    [JsonPropertyName("secret")]
    public string? Secret { get; init; }

    /// <summary>Base64 of the 32-byte Ed25519 private key (as <c>paste keygen</c> prints it): requests are signed with Ed25519.</summary>
    [JsonPropertyName("private_key")]
    public string? PrivateKey { get; init; }

    /// <summary>A PEM client certificate, presented to a TLS proxy that identifies callers by certificate.</summary>
    [JsonPropertyName("cert")]
    public string? Certificate { get; init; }

    /// <summary>The PEM private key of <see cref="Certificate"/>, when it is not in the same file.</summary>
    [JsonPropertyName("key")]
    public string? CertificateKey { get; init; }

    /// <summary>Each setting of <paramref name="first"/>, else of <paramref name="then"/>.</summary>
    public static ClientSettings Merge(ClientSettings first, ClientSettings then) => new()
    {
        Url = first.Url ?? then.Url,
        KeyId = first.KeyId ?? then.KeyId,
        Secret = first.Secret ?? then.Secret,
        PrivateKey = first.PrivateKey ?? then.PrivateKey,
        Certificate = first.Certificate ?? then.Certificate,
        CertificateKey = first.CertificateKey ?? then.CertificateKey,
    };

    /// <summary>The settings the environment gives: <c>PASTE_URL</c>, <c>PASTE_KEY_ID</c>, <c>PASTE_SECRET</c>, <c>PASTE_PRIVATE_KEY</c>.</summary>
    public static ClientSettings FromEnvironment(Func<string, string?> environment) => new()
    {
        Url = NonEmpty(environment("PASTE_URL")),
        KeyId = NonEmpty(environment("PASTE_KEY_ID")),
        Secret = NonEmpty(environment("PASTE_SECRET")),
        PrivateKey = NonEmpty(environment("PASTE_PRIVATE_KEY")),
    };

    /// <summary>The server's root address, ending with a slash as the generated client needs.</summary>
    /// <exception cref="UsageException">The address is not an absolute http(s) URL.</exception>
    public Uri BaseAddress()
    {
        var url = Url ?? DefaultUrl;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"The server address '{url}' is not an absolute http or https URL (--url, PASTE_URL or config.json).");
        }

        return address;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
