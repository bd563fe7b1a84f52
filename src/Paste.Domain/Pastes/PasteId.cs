using System.Buffers;
using System.Security.Cryptography;

namespace Paste.Domain.Pastes;

/// <summary>
/// Paste ids are the only thing that protects a paste from being read, so they are long random strings:
/// 16 characters of a 62-letter alphabet carry 95 bits.
/// </summary>
public static class PasteId
{
    public const int Length = 16;

    public const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    public static bool IsWellFormed(string? candidate) =>
        candidate is { Length: Length } && !candidate.AsSpan().ContainsAnyExcept(AlphabetValues);

    /// <summary>Draws a new id from the operating system's CSPRNG.</summary>
    public static string NewId() => RandomNumberGenerator.GetString(Alphabet, Length);
}
