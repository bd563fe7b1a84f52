using System.Buffers;
using System.Security.Cryptography;

namespace Paste.Domain.Clients;

/// <summary>
/// A program registered to call the API with signed requests. Its key id is its identity: the owner of the
/// pastes it creates.
/// </summary>
public sealed class ApiClient
{
    public const string KeyIdPrefix = "cl_";
    public const int Ed25519PublicKeyLength = 32;
    public const int SecretBytes = 32;

    private const int KeyIdRandomLength = 20;
    private const string KeyIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly SearchValues<char> KeyIdCharacters = SearchValues.Create(KeyIdAlphabet);

    private ApiClient(string keyId, string name, ClientKeyType keyType, string keyMaterial, DateTimeOffset createdAt)
    {
        KeyId = keyId;
        Name = name;
        KeyType = keyType;
        KeyMaterial = keyMaterial;
        CreatedAt = createdAt;
    }

    public string KeyId { get; private set; }

    public string Name { get; private set; }

    public ClientKeyType KeyType { get; private set; }

    /// <summary>For HMAC clients the protected (encrypted) secret; for Ed25519 clients the base64 public key.</summary>
    public string KeyMaterial { get; private set; }

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

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    /// <summary>
    /// The key's registered type decides the algorithm: a request can name it, or use the generic hs2019 with a
    /// public key, but can never switch a client to a weaker or different scheme.
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
