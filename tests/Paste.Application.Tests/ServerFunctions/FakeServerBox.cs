using System.Text;
using Paste.Application.ServerFunctions;

namespace Paste.Application.Tests.ServerFunctions;

/// <summary>
/// A stand-in for the box: a "sealed" field is its nonce, the public key of the client that sealed it, then the text.
/// It opens only with that client's key, which is all the handler relies on; the real box is tried through HTTP.
/// </summary>
internal sealed class FakeServerBox : IServerBox
{
    private const int NonceLength = 24;
    private const int KeyLength = 32;

    public ReadOnlyMemory<byte> PublicKey { get; } = Enumerable.Range(200, 32).Select(i => (byte)i).ToArray();

    public int Opened { get; private set; }

    public static string Seal(byte[] clientPublicKey, string text, byte nonce = 0)
    {
        byte[] field = [.. Enumerable.Repeat(nonce, NonceLength), .. clientPublicKey, .. Encoding.UTF8.GetBytes(text)];
        return Convert.ToBase64String(field);
    }

    public byte[]? Open(byte[] clientPublicKey, byte[] nonceAndCiphertext)
    {
        Opened++;
        return nonceAndCiphertext.AsSpan(NonceLength, KeyLength).SequenceEqual(clientPublicKey)
            ? nonceAndCiphertext[(NonceLength + KeyLength)..]
            : null;
    }
}
