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
    public static HttpRequestMessage PostForm(string? text, (string Name, byte[] Bytes, string Type)? file = null)
    {
        var form = new MultipartFormDataContent { { new StringContent(text ?? string.Empty), "content" } };
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
