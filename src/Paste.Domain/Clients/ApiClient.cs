using System.Buffers;
using System.Security.Cryptography;

namespace Paste.Domain.Clients;

/// <summary>
/// A program registered to call the API with signed requests, or to call server functions with sealed requests. Its
/// key id is its identity: the owner of the pastes it creates.
/// </summary>
public sealed class ApiClient
{
    public const string KeyIdPrefix = "cl_";
    public const int Ed25519PublicKeyLength = 32;
    public const int SecretBytes = 32;
    public const int BoxPublicKeyLength = 32;

    /// <summary>Random bytes in a sealed-call client's secret, which it sends as 128 hex characters.</summary>
    public const int BoxSecretBytes = 64;

    private const int KeyIdRandomLength = 20;
    private const string KeyIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly SearchValues<char> KeyIdCharacters = SearchValues.Create(KeyIdAlphabet);

    private ApiClient(string keyId, string name, ClientKeyType keyType, string keyMaterial, DateTimeOffset createdAt, string? boxPublicKey = null)
    {
        KeyId = keyId;
        Name = name;
        KeyType = keyType;
        KeyMaterial = keyMaterial;
        CreatedAt = createdAt;
        BoxPublicKey = boxPublicKey;
    }

    public string KeyId { get; private set; }

    public string Name { get; private set; }

    public ClientKeyType KeyType { get; private set; }

    /// <summary>For HMAC and sealed-box clients the protected (encrypted) secret; for Ed25519 clients the base64 public key.</summary>
    public string KeyMaterial { get; private set; }

    /// <summary>For sealed-box clients the base64 X25519 public key that their sealed fields are opened with.</summary>
    public string? BoxPublicKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public static ApiClient WithSecret(string keyId, string name, string protectedSecret, DateTimeOffset now) =>
        new(keyId, ValidName(name), ClientKeyType.HmacSha256, protectedSecret, now);

    public static ApiClient WithPublicKey(string keyId, string name, ReadOnlySpan<byte> publicKey, DateTimeOffset now)
    {
        if (publicKey.Length != Ed25519PublicKeyLength)
        {
            throw new ArgumentException($"An Ed25519 public key is {Ed25519PublicKeyLength} bytes.", nameof(publicKey));
        }

        return new(keyId, ValidName(name), ClientKeyType.Ed25519, Convert.ToBase64String(publicKey), now);
    }

    /// <summary>
    /// A client of <c>/v1</c>: its box key opens the fields it seals to the server, and the secret inside them must
    /// be the one it was given. The relation of key and secret is kept, so that one such client can be revoked.
    /// </summary>
    public static ApiClient WithBoxKey(string keyId, string name, ReadOnlySpan<byte> boxPublicKey, string protectedSecret, DateTimeOffset now)
    {
        if (boxPublicKey.Length != BoxPublicKeyLength)
        {
            throw new ArgumentException($"An X25519 public key is {BoxPublicKeyLength} bytes.", nameof(boxPublicKey));
        }

        return new(keyId, ValidName(name), ClientKeyType.SealedBox, protectedSecret, now, Convert.ToBase64String(boxPublicKey));
    }

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    /// <summary>
    /// The key's registered type decides the algorithm: a request can name it, or use the generic hs2019 with a
    /// public key, but can never switch a client to a weaker or different scheme. A sealed-box client signs nothing.
    /// </summary>
    public bool Accepts(string? algorithm) => KeyType switch
    {
        ClientKeyType.HmacSha256 => algorithm is null || algorithm.Equals("hmac-sha256", StringComparison.OrdinalIgnoreCase),
        ClientKeyType.Ed25519 => algorithm is null || algorithm.Equals("ed25519", StringComparison.OrdinalIgnoreCase) || algorithm.Equals("hs2019", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public static string NewKeyId() => KeyIdPrefix + RandomNumberGenerator.GetString(KeyIdAlphabet, KeyIdRandomLength);

    public static bool IsWellFormedKeyId(string? candidate) =>
        candidate is { Length: 23 } && candidate.StartsWith(KeyIdPrefix, StringComparison.Ordinal)
        && !candidate.AsSpan(KeyIdPrefix.Length).ContainsAnyExcept(KeyIdCharacters);

    /// <summary>Names are labels for operators: 1–100 printable characters.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 100 && !name.Any(char.IsControl);

    private static string ValidName(string name) =>
        IsValidName(name) ? name.Trim() : throw new ArgumentException("A client name is 1 to 100 printable characters.", nameof(name));
}
