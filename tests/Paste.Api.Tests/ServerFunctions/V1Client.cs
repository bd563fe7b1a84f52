using System.Globalization;
using System.IO.Hashing;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sodium;

namespace Paste.Api.Tests.ServerFunctions;

/// <summary>Calls functions at /v1 with the client's private key, the server's public key and the client's secret.</summary>
public sealed class V1Client(HttpClient http, byte[] privateKey, byte[] serverPublicKey, string secret)
{
    public async Task<string> CallAsync(string entry, string? args = null)
    {
        var call = new Dictionary<string, string>
        {
            ["id"] = Seal(secret),
            ["check"] = Seal(Crc32.HashToUInt32(Encoding.UTF8.GetBytes(secret)).ToString(CultureInfo.InvariantCulture)),
            ["ts"] = Seal(DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            ["entry"] = Seal(entry),
        };
        if (args is not null) call["args"] = Seal(args);

        using var answer = await http.PostAsJsonAsync("v1", call);
        answer.EnsureSuccessStatusCode(); // every refusal is 401; the reason is in the server's log
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString()!;
    }

    /// <summary>E(x): base64 of a fresh 24-byte nonce followed by the box, as PyNaCl's Box.encrypt makes it.</summary>
    private string Seal(string text)
    {
        var nonce = PublicKeyBox.GenerateNonce();
        return Convert.ToBase64String([.. nonce, .. PublicKeyBox.Create(Encoding.UTF8.GetBytes(text), nonce, privateKey, serverPublicKey)]);
    }
}
