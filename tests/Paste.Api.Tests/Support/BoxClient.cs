using System.IO.Hashing;
using System.Net.Http.Json;
using System.Text;
using Paste.Application.Clients;
using Sodium;

namespace Paste.Api.Tests.Support;

/// <summary>
/// A <c>/v1</c> client as its users write one: an X25519 key pair made by libsodium (Sodium.Core), the key id, hex
/// secret and server key that registration printed, and calls whose every field is a box sealed to the server.
/// </summary>
public sealed class BoxClient
{
    private BoxClient(KeyPair keys, string keyId, string secret, byte[] serverPublicKey)
    {
        Keys = keys;
        KeyId = keyId;
        Secret = secret;
        ServerPublicKey = serverPublicKey;
    }

    public KeyPair Keys { get; }

    public string KeyId { get; }

    public string Secret { get; }

    public byte[] ServerPublicKey { get; }

    /// <summary>Registers a new key pair as <c>clients add --box-key</c> does.</summary>
    public static async Task<BoxClient> RegisterAsync(PasteApiFactory factory, string name = "box test client")
    {
        var keys = PublicKeyBox.GenerateKeyPair();
        var added = await factory.SendAsync(new AddClientCommand(name, null, Convert.ToBase64String(keys.PublicKey)));
        return new BoxClient(keys, added.KeyId, added.Secret!, Convert.FromBase64String(added.ServerPublicKey!));
    }

    /// <summary>
    /// Registers a new key pair with the operator command, <c>clients add NAME --box-key KEY</c>, run as its own process
    /// on <paramref name="database"/>; the client is what the command printed.
    /// </summary>
    public static async Task<BoxClient> RegisterAsync(TestDatabase database, string name = "box test client")
    {
        var keys = PublicKeyBox.GenerateKeyPair();
        var added = await PasteExecutable.AdminAsync(database, "clients", "add", name, "--box-key", Convert.ToBase64String(keys.PublicKey));
        return new BoxClient(
            keys,
            added.GetProperty("key_id").GetString()!,
            added.GetProperty("secret").GetString()!,
            Convert.FromBase64String(added.GetProperty("server_public_key").GetString()!));
    }

    /// <summary>This client's keys with another client's registration: what a client would send with someone else's secret.</summary>
    public BoxClient WithRegistrationOf(BoxClient other) => new(Keys, other.KeyId, other.Secret, ServerPublicKey);

    /// <summary>This client's registration with other keys: what a stranger who learned the secret would send.</summary>
    public BoxClient WithKeysOf(KeyPair keys) => new(keys, KeyId, Secret, ServerPublicKey);

    public static string Crc(string secret) => Crc32.HashToUInt32(Encoding.UTF8.GetBytes(secret)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string UnixNow(TimeSpan offset = default) =>
        (DateTimeOffset.UtcNow + offset).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Base64 of a fresh nonce followed by the box of <paramref name="text"/>, as PyNaCl's <c>Box.encrypt</c> makes it.</summary>
    public string Seal(string text)
    {
        var nonce = PublicKeyBox.GenerateNonce();
        return Convert.ToBase64String([.. nonce, .. PublicKeyBox.Create(Encoding.UTF8.GetBytes(text), nonce, Keys.PrivateKey, ServerPublicKey)]);
    }

    /// <summary>A well-formed call; every part can be changed afterwards to break one rule at a time.</summary>
    public Dictionary<string, string> Call(string entry, string? args = null, bool named = false)
    {
        var call = new Dictionary<string, string>
        {
            ["id"] = Seal(Secret),
            ["check"] = Seal(Crc(Secret)),
            ["ts"] = Seal(UnixNow()),
            ["entry"] = Seal(entry),
        };
        if (args is not null)
        {
            call["args"] = Seal(args);
        }

        if (named)
        {
            call["client"] = KeyId;
        }

        return call;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient http, IReadOnlyDictionary<string, string> call) =>
        http.PostAsJsonAsync("/v1", call);
}
