using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Paste.Api.Tests.Support;

/// <summary>A paste as the 201 response of POST /submit described it.</summary>
public sealed record SubmittedPaste(string Url, string Id, Uri? Location, JsonElement Body);

/// <summary>Settings and requests of the notification API: webhooks, GET /webhook_key and POST /submit.</summary>
public static class WebhookApi
{
    /// <summary>Retries a fifth of a second apart, so retry tests finish in seconds rather than minutes.</summary>
    public const string FastInitialRetryDelay = "00:00:00.2";

    public const string FastMaxRetryDelay = "00:00:00.5";

    /// <summary>
    /// Paste:PublicBaseUrl of every test with webhooks, which the service requires with them: the address in-memory
    /// clients use, so that their links look as before; a process on a port of its own announces it as well.
    /// </summary>
    public const string PublicBase = "http://localhost";

    /// <summary>
    /// Settings that announce every paste to <paramref name="receivers"/>, on <see cref="PublicBase"/>, retrying quickly;
    /// <paramref name="extra"/> on top.
    /// </summary>
    public static Dictionary<string, string?> Settings(IEnumerable<Uri> receivers, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Paste:PublicBaseUrl"] = PublicBase,
            ["Paste:Webhooks:InitialRetryDelay"] = FastInitialRetryDelay,
            ["Paste:Webhooks:MaxRetryDelay"] = FastMaxRetryDelay,
        };
        var index = 0;
        foreach (var receiver in receivers)
        {
            settings[$"Paste:Webhooks:Urls:{index++}"] = receiver.ToString();
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static Dictionary<string, string?> Settings(params WebhookReceiver[] receivers) => Settings(receivers.Select(r => r.Url));

    public static Dictionary<string, string?> Settings(int maxAttempts, params WebhookReceiver[] receivers) =>
        Settings(receivers.Select(r => r.Url), new Dictionary<string, string?> { ["Paste:Webhooks:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture) });

    /// <summary>GET /webhook_key's body, checked to be a 200 JSON response.</summary>
    public static async Task<JsonElement> GetWebhookKeyAsync(this HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/webhook_key", UriKind.Relative));
        return await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The raw 32-byte public key, decoded from GET /webhook_key's <c>public</c>.</summary>
    public static async Task<byte[]> GetWebhookPublicKeyAsync(this HttpClient client)
    {
        var body = await client.GetWebhookKeyAsync();
        return Convert.FromBase64String(body.GetProperty("public").GetString()!);
    }

    /// <summary>The paste's absolute URL as its announcement carries it: the public base, a slash, the id.</summary>
    public static string AnnouncedUrl(NewPaste paste) => $"{PublicBase}/{paste.Id}";

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, HttpContent content, string? fingerprint = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/submit") { Content = content };
        if (fingerprint is not null)
        {
            request.Headers.TryAddWithoutValidation(Fingerprints.Header, fingerprint);
        }

        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SubmitJsonAsync(this HttpClient client, string json, string? fingerprint = null) =>
        client.SubmitAsync(PasteApi.Json(json), fingerprint);

    /// <summary>Submits <c>{"c": text}</c> and checks that a paste was created; fails the test otherwise.</summary>
    public static async Task<SubmittedPaste> SubmitTextAsync(this HttpClient client, string text, string? fingerprint = null)
    {
        using var response = await client.SubmitJsonAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["c"] = text }), fingerprint);
        return await ReadSubmittedAsync(response);
    }

    public static async Task<SubmittedPaste> ReadSubmittedAsync(HttpResponseMessage response)
    {
        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.Created);
        var url = body.GetProperty("url").GetString()!;
        return new SubmittedPaste(url, new Uri(url).AbsolutePath.TrimStart('/'), response.Headers.Location, body);
    }

    /// <summary>
    /// Checks an error of POST /submit: the status, <c>application/json</c>, and the envelope
    /// <c>{"status":"error","error":"...","request_id":"..."}</c> rather than problem details.
    /// </summary>
    public static async Task<JsonElement> SubmitErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string? error = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), text);

        var body = await ResponseAssert.ParseAsync(response);
        Assert.That(body.ValueKind, Is.EqualTo(JsonValueKind.Object), text);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ResponseAssert.StringMember(body, "status"), Is.EqualTo("error"), $"status in {text}");
            Assert.That(ResponseAssert.StringMember(body, "error"), error is null ? Is.Not.Empty : Is.EqualTo(error), $"error in {text}");
            Assert.That(ResponseAssert.StringMember(body, "request_id"), Is.Not.Empty.And.EqualTo(ResponseAssert.Header(response, ResponseAssert.RequestIdHeader)),
                $"request_id in {text}");
            Assert.That(body.TryGetProperty("type", out _) || body.TryGetProperty("title", out _), Is.False, $"problem details members in {text}");
            foreach (var internals in ResponseAssert.Internals)
            {
                Assert.That(text, Does.Not.Contain(internals), "internals leaked");
            }
        }

        return body;
    }
}
