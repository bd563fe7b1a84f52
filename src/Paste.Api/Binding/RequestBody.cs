using System.Text.Json;

namespace Paste.Api.Binding;

/// <summary>Reading paste bodies: whole, as sent, within whatever limit the size filter put on the stream.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads one string member of a JSON object. False for anything that is not a JSON object (or whose member is
    /// neither a string nor null); a missing or null member reads as an empty string, which validation refuses.
    /// </summary>
    public static bool TryReadJsonString(byte[] body, string member, out string value)
    {
        value = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (!document.RootElement.TryGetProperty(member, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            value = element.GetString()!;
            return true;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // The parser checks a string's UTF-8 only when it is read, and reports that as InvalidOperationException.
            return false;
        }
    }
}
