using NSec.Cryptography;

namespace Paste.Cli.Connection;

/// <summary>Ed25519 keys as the tool and the server write them: base64 of the raw 32 bytes.</summary>
public static class Ed25519Keys
{
    /// <summary>A new key pair: the private key for <c>PASTE_PRIVATE_KEY</c>, the public one for the server's <c>clients add --public-key</c>.</summary>
    public static (string PrivateKey, string PublicKey) Create()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return (Convert.ToBase64String(key.Export(KeyBlobFormat.RawPrivateKey)), Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
    }

    /// <exception cref="UsageException">Not base64 of 32 bytes.</exception>
    public static Key ImportPrivateKey(string base64) =>
        Key.TryImport(SignatureAlgorithm.Ed25519, Decode(base64, "private key"), KeyBlobFormat.RawPrivateKey, out var key) && key is not null
            ? key
            : throw new UsageException("The private key is not base64 of a 32-byte Ed25519 key (as 'paste keygen' prints it).");

    /// <exception cref="UsageException">Not base64 of 32 bytes.</exception>
    public static PublicKey ImportPublicKey(string base64) =>
        PublicKey.TryImport(SignatureAlgorithm.Ed25519, Decode(base64, "public key"), KeyBlobFormat.RawPublicKey, out var key) && key is not null
            ? key
            : throw new UsageException("The public key is not base64 of a 32-byte Ed25519 key (as GET /webhook_key gives it).");

    private static byte[] Decode(string base64, string what)
    {
        try
        {
            return Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new UsageException($"The {what} is not base64.");
        }
    }
}
