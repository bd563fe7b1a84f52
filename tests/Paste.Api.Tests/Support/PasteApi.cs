using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Paste.Api.Tests.Support;

/// <summary>A paste as the 201 response of POST / described it.</summary>
public sealed record NewPaste(string Id, string Url, string Raw, string MimeType, long CreatedAt, JsonElement Body, Uri? Location);

/// <summary>The requests tests send, built in one place.</summary>
public static class PasteApi
{
    public static HttpRequestMessage Post(HttpContent content, string? fingerprint = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        if (fingerprint is not null)
        {
            request.Headers.TryAddWithoutValidation(Fingerprints.Header, fingerprint);
        }

        return request;
    }

    /// <summary>Raw bytes with the given Content-Type, or none at all when <paramref name="contentType"/> is null.</summary>
    public static ByteArrayContent Raw(byte[] body, string? contentType = null)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    /// <summary>A body sent without Content-Length.</summary>
    public static StreamContent Chunked(byte[] body, string? contentType = null)
    {
        var content = new StreamContent(new NonSeekableStream(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    public static ByteArrayContent Json(string json) => Raw(Encoding.UTF8.GetBytes(json), "application/json");

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, HttpContent content, string? fingerprint = null)
    {
        using var request = Post(content, fingerprint);
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, byte[] body, string? contentType = null, string? fingerprint = null) =>
        client.PostAsync(Raw(body, contentType), fingerprint);

    /// <summary>Creates a paste and checks that it was created; fails the test otherwise.</summary>
    public static async Task<NewPaste> CreatePasteAsync(this HttpClient client, byte[] body, string? contentType = null, string? fingerprint = null)
    {
        using var response = await client.PostRawAsync(body, contentType, fingerprint);
        return await ReadCreatedAsync(response);
    }

    public static Task<NewPaste> CreatePasteAsync(this HttpClient client, string text, string? fingerprint = null) =>
        client.CreatePasteAsync(Encoding.UTF8.GetBytes(text), "text/plain", fingerprint);

    public static async Task<NewPaste> ReadCreatedAsync(HttpResponseMessage response)
    {
        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.Created);
        return new NewPaste(
            body.GetProperty("id").GetString()!,
            body.GetProperty("url").GetString()!,
            body.GetProperty("raw").GetString()!,
            body.GetProperty("mime_type").GetString()!,
            body.GetProperty("created_at").GetInt64(),
            body,
            response.Headers.Location);
    }

    public static async Task<HttpResponseMessage> SendAsync(
        this HttpClient client, HttpMethod method, string path, string? fingerprint = null, string? requestId = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (fingerprint is not null)
        {
            request.Headers.TryAddWithoutValidation(Fingerprints.Header, fingerprint);
        }

        if (requestId is not null)
        {
            request.Headers.TryAddWithoutValidation(ResponseAssert.RequestIdHeader, requestId);
        }

        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> DeletePasteAsync(this HttpClient client, string id, string? fingerprint = null) =>
        client.SendAsync(HttpMethod.Delete, $"/{id}", fingerprint);

    public static async Task<JsonElement> GetMetadataAsync(this HttpClient client, string id)
    {
        using var response = await client.GetAsync(new Uri($"/{id}", UriKind.Relative));
        return await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    public static async Task<byte[]> GetRawBytesAsync(this HttpClient client, string id)
    {
        using var response = await client.GetAsync(new Uri($"/{id}/raw", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET /{id}/raw");
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task<HttpStatusCode> StatusOfAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
