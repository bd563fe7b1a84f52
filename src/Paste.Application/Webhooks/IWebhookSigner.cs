namespace Paste.Application.Webhooks;

/// <summary>The service's Ed25519 key. Only the public half ever leaves it.</summary>
public interface IWebhookSigner
{
    /// <summary>The raw 32-byte public key.</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>A 64-byte Ed25519 signature over <paramref name="data"/>.</summary>
    byte[] Sign(ReadOnlySpan<byte> data);
}
