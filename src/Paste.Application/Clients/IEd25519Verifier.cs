namespace Paste.Application.Clients;

public interface IEd25519Verifier
{
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
