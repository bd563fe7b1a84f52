using NSec.Cryptography;
using Paste.Application.Clients;

namespace Paste.Infrastructure.Clients;

internal sealed class NSecEd25519Verifier : IEd25519Verifier
{
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key)
        && SignatureAlgorithm.Ed25519.Verify(key!, data, signature);
}
