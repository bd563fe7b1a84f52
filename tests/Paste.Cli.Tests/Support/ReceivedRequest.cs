using System.Text;
using System.Text.Json;

namespace Paste.Cli.Tests.Support;

/// <summary>One request as the <see cref="WebhookReceiver"/> got it: its request line, its headers, and its body byte for byte.</summary>
public sealed record ReceivedRequest(string RequestLine, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The header's value; fails the test when the request has none by that name.</summary>
    public string Header(string name)
    {
        var matches = Headers.Where(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.That(matches, Has.Count.EqualTo(1), $"the {name} header of {this}");
        return matches[0].Value;
    }

    /// <summary>The <c>url</c> member of an announcement's body, or null when the body is not one.</summary>
    public string? AnnouncedUrl()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("url", out var url)
                && url.ValueKind == JsonValueKind.String
                    ? url.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The request as a receiver saves it raw: request line, headers, a blank line, the body; lines end with <paramref name="lineEnd"/>.</summary>
    public byte[] ToRawRequest(string lineEnd = "\r\n", Func<string, string>? headerName = null)
    {
        var head = new StringBuilder(RequestLine).Append(lineEnd);
        foreach (var (name, value) in Headers)
        {
            head.Append(headerName is null ? name : headerName(name)).Append(": ").Append(value).Append(lineEnd);
        }

        head.Append(lineEnd);
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. Body];
    }

    public override string ToString() =>
        $"{RequestLine} with {string.Join(", ", Headers.Select(header => header.Key))}: {Encoding.UTF8.GetString(Body)}";
}
