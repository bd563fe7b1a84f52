using Paste.Application.Clients;

namespace Paste.Application.Tests.Clients;

// Moq cannot match ReadOnlySpan<byte> arguments (a ref struct cannot be a type argument), so these two ports get
// hand-written fakes that answer as told and record what they were asked.

/// <summary>Answers <see cref="Result"/> and keeps the arguments of every call.</summary>
internal sealed class FakeEd25519Verifier : IEd25519Verifier
{
    public bool Result { get; set; } = true;

    public List<(byte[] PublicKey, byte[] Data, byte[] Signature)> Calls { get; } = [];

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        Calls.Add((publicKey.ToArray(), data.ToArray(), signature.ToArray()));
        return Result;
    }
}

/// <summary>Answers <see cref="Result"/> and keeps the arguments of every call.</summary>
internal sealed class FakeReplayGuard : IReplayGuard
{
    public bool Result { get; set; } = true;

    public List<(string KeyId, byte[] Signature, DateTimeOffset RememberUntil)> Calls { get; } = [];

    public ValueTask<bool> TryAcceptAsync(string keyId, ReadOnlyMemory<byte> signature, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        Calls.Add((keyId, signature.ToArray(), rememberUntil));
        return ValueTask.FromResult(Result);
    }
}
