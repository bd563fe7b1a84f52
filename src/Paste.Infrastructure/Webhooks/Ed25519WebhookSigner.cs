using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NSec.Cryptography;
using Paste.Application.Webhooks;
using Paste.Infrastructure.Persistence;

namespace Paste.Infrastructure.Webhooks;

/// <summary>
/// Signs notifications with the service's Ed25519 key, created on first start and kept in a file only its owner can
/// read, so that receivers can keep the public key in their configuration across restarts.
/// </summary>
internal sealed class Ed25519WebhookSigner : IWebhookSigner, IDisposable
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    private readonly Key key;

    public Ed25519WebhookSigner(IOptions<WebhookOptions> options, ILogger<Ed25519WebhookSigner> logger)
    {
        var path = Path.GetFullPath(options.Value.SigningKeyPath);
        key = LoadOrCreate(path, logger);
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    public ReadOnlyMemory<byte> PublicKey { get; }

    public byte[] Sign(ReadOnlySpan<byte> data) => Algorithm.Sign(key, data);

    public void Dispose() => key.Dispose();

    private static Key Load(string path)
    {
        var seed = File.ReadAllBytes(path);
        try
        {
            return Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey);
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"The webhook signing key at {path} is not a raw 32-byte Ed25519 private key.", exception);
        }
        finally
        {
            Array.Clear(seed);
        }
    }

    /// <summary>An Ed25519 private key is any 32 random bytes, its seed; the file is the one key whoever wrote it.</summary>
    private static Key LoadOrCreate(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            var seed = RandomNumberGenerator.GetBytes(32);
            try
            {
                if (OwnerOnlyFiles.TryCreateNew(path, seed))
                {
                    logger.LogInformation("Created a new webhook signing key at {Path}", path);
                }
            }
            finally
            {
                Array.Clear(seed);
            }
        }

        return Load(path);
    }
}
