using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Paste.Domain.Pastes;

/// <summary>
/// The secret that lets whoever created a paste delete it without an identity. Only its SHA-256 is stored: the token
/// is shown once, and a copy of the database does not hand out the power to delete.
/// </summary>
public static class DeleteToken
{
    /// <summary>256 random bits, more than any guessing could cover.</summary>
    public const int Bytes = 32;

    /// <summary>A new token, URL-safe so that it fits a header, a query or a shell without quoting.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Constant time, so that the answer's timing says nothing about how much of a guess was right.</summary>
    public static bool Matches(string token, ReadOnlySpan<byte> storedHash) =>
        storedHash.Length == SHA256.HashSizeInBytes && CryptographicOperations.FixedTimeEquals(Hash(token), storedHash);
}
