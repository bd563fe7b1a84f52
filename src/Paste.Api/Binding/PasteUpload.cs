using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Net.Http.Headers;

namespace Paste.Api.Binding;

/// <summary>
/// A paste body as sent: either raw bytes of any type, kept byte for byte (never form-decoded), or the JSON
/// form <c>{"content": "..."}</c>, whose string becomes UTF-8 content.
/// </summary>
[ModelBinder(typeof(PasteUploadBinder))]
public sealed record PasteUpload(byte[] Content, string? DeclaredContentType);

internal sealed class PasteUploadBinder : IModelBinder
{
    public const string InvalidJsonMessage = "Invalid JSON body";
    public const string JsonContentProperty = "content";

    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var request = bindingContext.HttpContext.Request;
        var body = await ReadBodyAsync(request, bindingContext.HttpContext.RequestAborted);

        if (!IsJson(request.ContentType))
        {
            bindingContext.Result = ModelBindingResult.Success(new PasteUpload(body, request.ContentType));
            return;
        }

        if (!TryReadJsonContent(body, out var content))
        {
            bindingContext.ModelState.AddModelError(bindingContext.ModelName, InvalidJsonMessage);
            return;
        }

        // JSON only carries the text; detection decides its type from the bytes.
        bindingContext.Result = ModelBindingResult.Success(new PasteUpload(Encoding.UTF8.GetBytes(content), null));
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>A missing or empty "content" is not malformed JSON: it reads as no content, which validation refuses.</summary>
    private static bool TryReadJsonContent(byte[] body, out string content)
    {
        content = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (document.RootElement.TryGetProperty(JsonContentProperty, out var value))
            {
                if (value.ValueKind != JsonValueKind.String)
                {
                    return value.ValueKind == JsonValueKind.Null;
                }

                content = value.GetString()!;
            }

            return true;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // The parser checks a string's UTF-8 only when it is read, and reports that as InvalidOperationException.
            return false;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
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
}
