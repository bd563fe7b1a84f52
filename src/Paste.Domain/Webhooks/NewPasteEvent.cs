using System.Globalization;
using System.Text.Json;

namespace Paste.Domain.Webhooks;

/// <summary>The "newpaste" notification body sent to webhook receivers.</summary>
public static class NewPasteEvent
{
    public const string Type = "newpaste";
    public const int NonceBytes = 16;

    /// <param name="url">Absolute URL of the new paste.</param>
    /// <param name="nonce">16 random bytes; receivers use the nonce to refuse replays.</param>
    public static string CreatePayload(string url, ReadOnlySpan<byte> nonce, DateTimeOffset now)
    {
        if (nonce.Length != NonceBytes)
        {
            throw new ArgumentException($"The nonce must be {NonceBytes} bytes.", nameof(nonce));
        }

        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = Type,
            ["url"] = url,
            ["nonce"] = Convert.ToHexStringLower(nonce),
            ["date"] = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        });
    }
}
