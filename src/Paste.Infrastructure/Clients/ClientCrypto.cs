using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using NSec.Cryptography;
using Paste.Application.Clients;

namespace Paste.Infrastructure.Clients;

internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector protector = provider.CreateProtector("Paste.ClientSecrets.v1");

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);
}

internal sealed class NSecEd25519Verifier : IEd25519Verifier
{
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key)
        && SignatureAlgorithm.Ed25519.Verify(key!, data, signature);
}

/// <summary>
/// Accepted signatures, held in memory until their Date falls out of the skew window. One instance serves one
/// process; that is enough because the service runs as a single process on its SQLite database.
/// </summary>
internal sealed class MemorySignatureReplayGuard(TimeProvider timeProvider) : ISignatureReplayGuard
{
    private const int PruneThreshold = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> accepted = new(StringComparer.Ordinal);

    public bool TryAccept(string keyId, ReadOnlySpan<byte> signature, DateTimeOffset rememberUntil)
    {
        var now = timeProvider.GetUtcNow();
        if (accepted.Count >= PruneThreshold)
        {
            foreach (var (key, until) in accepted)
            {
                if (until < now)
                {
                    accepted.TryRemove(key, out _);
                }
            }
        }

        // An identical signature carries the identical Date, so an entry pruned after its expiry could not pass the skew check again.
        return accepted.TryAdd(keyId + ":" + Convert.ToBase64String(signature), rememberUntil);
    }
}
