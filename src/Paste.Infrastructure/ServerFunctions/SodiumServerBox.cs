using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paste.Application.ServerFunctions;
using Paste.Infrastructure.Persistence;
using Sodium;

namespace Paste.Infrastructure.ServerFunctions;

/// <summary>
/// The server's X25519 box key, created on first start and kept in a file only its owner can read, so that
/// registered clients keep sealing to the same public key across restarts.
/// </summary>
internal sealed class SodiumServerBox : IServerBox, IDisposable
{
    private const int KeyLength = 32;
    private const int NonceLength = 24;

    private readonly byte[] privateKey;

    public SodiumServerBox(IOptions<ServerFunctionOptions> options, ILogger<SodiumServerBox> logger)
    {
        var path = Path.GetFullPath(options.Value.BoxKeyPath);
        privateKey = LoadOrCreate(path, logger);
        PublicKey = ScalarMult.Base(privateKey);
    }

    public ReadOnlyMemory<byte> PublicKey { get; }

    public byte[]? Open(byte[] clientPublicKey, byte[] nonceAndCiphertext)
    {
        try
        {
            return PublicKeyBox.Open(nonceAndCiphertext[NonceLength..], nonceAndCiphertext[..NonceLength], privateKey, clientPublicKey);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void Dispose() => Array.Clear(privateKey);

    private static byte[] Load(string path)
    {
        var key = File.ReadAllBytes(path);
        return key.Length == KeyLength
            ? key
            : throw new InvalidOperationException($"The box key at {path} is not a raw 32-byte X25519 private key.");
    }

    private static byte[] LoadOrCreate(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(KeyLength);
            if (OwnerOnlyFiles.TryCreateNew(path, key))
            {
                logger.LogInformation("Created a new box key for /v1 at {Path}", path);
                return key;
            }
        }

        return Load(path);
    }
}
