namespace Paste.Application.ServerFunctions;

/// <summary>The server's X25519 box key pair, which every field of a sealed call is encrypted to.</summary>
public interface IServerBox
{
    /// <summary>The public key clients seal their fields to: 32 bytes.</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>
    /// Opens a NaCl <c>crypto_box</c> from the client with <paramref name="clientPublicKey"/>: its 24-byte nonce
    /// followed by the ciphertext. Null when that key did not seal it or it was altered.
    /// </summary>
    byte[]? Open(byte[] clientPublicKey, byte[] nonceAndCiphertext);
}
