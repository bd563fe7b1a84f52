using System.Text;

namespace Paste.Testing;

/// <summary>Bodies with known signatures and properties.</summary>
public static class TestData
{
    public static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
    public static readonly byte[] Gif87 = Encoding.ASCII.GetBytes("GIF87a\x01\x00\x01\x00");
    public static readonly byte[] Gif89 = Encoding.ASCII.GetBytes("GIF89a\x01\x00\x01\x00");
    public static readonly byte[] WebP = [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8, 0x00, 0x00];
    public static readonly byte[] Zip = [(byte)'P', (byte)'K', 0x03, 0x04, 0x14, 0x00, 0x00, 0x00];
    public static readonly byte[] Pdf = Encoding.Latin1.GetBytes("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n");
    public static readonly byte[] Gzip = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03];

    /// <summary>0xC3 starts a two-byte sequence that 0x28 does not continue: not UTF-8.</summary>
    public static readonly byte[] InvalidUtf8 = [(byte)'a', 0xC3, 0x28, (byte)'b', 0xFF];

    /// <summary>Every byte value, in order, four times.</summary>
    public static byte[] AllByteValues() => [.. Enumerable.Range(0, 1024).Select(i => (byte)(i % 256))];

    public static byte[] Filled(int length, byte value = (byte)'x') => Enumerable.Repeat(value, length).ToArray();

    /// <summary>Bytes from a seeded generator: the same seed and length give the same bytes, so a test can compare.</summary>
    public static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
