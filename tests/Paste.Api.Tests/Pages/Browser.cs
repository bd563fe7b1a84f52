using System.Net.Http.Headers;

namespace Paste.Api.Tests.Pages;

/// <summary>Requests as a browser sends them when it navigates: the Accept header Chromium and Firefox use.</summary>
public static class Browser
{
    public const string Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    public static HttpRequestMessage Navigate(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        return request;
    }

    /// <summary>The create page's form as a browser posts it: both controls, the unused one empty.</summary>
    /// <param name="options">The form's other fields as a browser sends them: the lifetime select, the reads input, the burn checkbox when checked.</param>
    public static HttpRequestMessage PostForm(
        string? text, (string Name, byte[] Bytes, string Type)? file = null, IReadOnlyDictionary<string, string>? options = null)
    {
        var form = new MultipartFormDataContent { { new StringContent(text ?? string.Empty), "content" } };
        foreach (var (name, value) in options ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }

        var filePart = new ByteArrayContent(file?.Bytes ?? []);
        filePart.Headers.ContentType = new MediaTypeHeaderValue(file?.Type ?? "application/octet-stream");

        // No file chosen is still a file part: filename="" and no bytes.
        filePart.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = $"\"{file?.Name}\"" };
        form.Add(filePart);
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = form };
        request.Headers.TryAddWithoutValidation("Accept", Accept);
        return request;
    }
}
