using System.Security.Cryptography;
using Paste.Application.Webhooks;

namespace Paste.Application.Tests.Webhooks;

/// <summary>A deterministic stand-in: the "signature" is SHA-512 of the data, 64 bytes like Ed25519's.</summary>
internal sealed class FakeSigner : IWebhookSigner
{
    public ReadOnlyMemory<byte> PublicKey { get; } = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public byte[] Sign(ReadOnlySpan<byte> data) => SHA512.HashData(data);
}
