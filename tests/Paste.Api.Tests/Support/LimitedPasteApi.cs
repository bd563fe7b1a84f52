using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Paste.Api.Tests.Support;

/// <summary>Creates that ask for limits, in each of the forms a client can use, and the reads and deletes that meet them.</summary>
public static class LimitedPasteApi
{
    public const string ExpiresInHeader = "X-Paste-Expires-In";
    public const string MaxViewsHeader = "X-Paste-Max-Views";
    public const string BurnHeader = "X-Paste-Burn";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string DeleteTokenHeader = "X-Delete-Token";

    /// <summary>A create of <paramref name="text"/> asking for the given limits in <paramref name="form"/>; nulls are not sent.</summary>
    public static HttpRequestMessage Create(
        CreateForm form, string text, long? expiresIn = null, int? maxViews = null, bool? burn = null, string? fingerprint = null)
    {
        var request = form switch
        {
            CreateForm.Json => new HttpRequestMessage(HttpMethod.Post, "/") { Content = PasteApi.Json(Json(text, expiresIn, maxViews, burn)) },
            CreateForm.Headers => Raw("/", text),
            CreateForm.Query => Raw(expiresIn is null ? "/" : $"/?expires_in={expiresIn.Value.ToString(CultureInfo.InvariantCulture)}", text),
            CreateForm.Form => new HttpRequestMessage(HttpMethod.Post, "/") { Content = Form(text, expiresIn, maxViews, burn) },
            CreateForm.Submit => new HttpRequestMessage(HttpMethod.Post, "/submit")
            {
                Content = PasteApi.Json(JsonSerializer.Serialize(new Dictionary<string, string> { ["c"] = text })),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };

        if (form is CreateForm.Headers or CreateForm.Submit && expiresIn is not null)
        {
            request.Headers.Add(ExpiresInHeader, expiresIn.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (form is CreateForm.Headers or CreateForm.Query or CreateForm.Submit)
        {
            if (maxViews is not null)
            {
                request.Headers.Add(MaxViewsHeader, maxViews.Value.ToString(CultureInfo.InvariantCulture));
            }

            if (burn is not null)
            {
                request.Headers.Add(BurnHeader, burn.Value ? "1" : "0");
            }
        }

        if (fingerprint is not null)
        {
            request.Headers.TryAddWithoutValidation(Fingerprints.Header, fingerprint);
        }

        return request;
    }

    /// <summary>Sends a create that must succeed and returns the new paste's id.</summary>
    public static async Task<string> CreateAsync(
        this HttpClient client, CreateForm form, string text, long? expiresIn = null, int? maxViews = null, bool? burn = null, string? fingerprint = null)
    {
        using var request = Create(form, text, expiresIn, maxViews, burn, fingerprint);
        using var response = await client.SendAsync(request);
        var body = await ResponseAssert.JsonAsync(response, HttpStatusCode.Created);
        return form == CreateForm.Submit
            ? new Uri(body.GetProperty("url").GetString()!).AbsolutePath.TrimStart('/')
            : body.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Checks that a create was refused with <paramref name="expected"/>: problem details from POST /, the notification
    /// API's envelope from /submit. Returns the error message.
    /// </summary>
    public static async Task<string?> RefusedAsync(CreateForm form, HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = form == CreateForm.Submit
            ? await WebhookApi.SubmitErrorAsync(response, expected)
            : await ResponseAssert.ProblemAsync(response, expected);
        return ResponseAssert.StringMember(body, "error");
    }

    /// <summary>POST of <paramref name="text"/> as text/plain, with the given headers.</summary>
    public static HttpRequestMessage Raw(string path, string text, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = PasteApi.Raw(TestData.Utf8(text), "text/plain") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>GET (or another method) of the paste's raw content with the given request headers.</summary>
    public static async Task<HttpResponseMessage> RawAsync(this HttpClient client, string id, params (string Name, string Value)[] headers) =>
        await client.RawAsync(HttpMethod.Get, id, headers);

    public static async Task<HttpResponseMessage> RawAsync(this HttpClient client, HttpMethod method, string id, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, $"/{id}/raw");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> DeleteWithTokenAsync(this HttpClient client, string id, string token, string? fingerprint = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/{id}");
        request.Headers.TryAddWithoutValidation(DeleteTokenHeader, token);
        if (fingerprint is not null)
        {
            request.Headers.TryAddWithoutValidation(Fingerprints.Header, fingerprint);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A client identity of its own for one test, so that quotas and keys of other tests are not shared.</summary>
    public static string NewFingerprint() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

    private static string Json(string text, long? expiresIn, int? maxViews, bool? burn)
    {
        var body = new JsonObject { ["content"] = text };
        if (expiresIn is not null)
        {
            body["expires_in"] = expiresIn;
        }

        if (maxViews is not null)
        {
            body["max_views"] = maxViews;
        }

        if (burn is not null)
        {
            body["burn_after_reading"] = burn;
        }

        return body.ToJsonString();
    }

    private static MultipartFormDataContent Form(string text, long? expiresIn, int? maxViews, bool? burn)
    {
        var form = new MultipartFormDataContent { { new StringContent(text), "content" } };
        if (expiresIn is not null)
        {
            form.Add(new StringContent(expiresIn.Value.ToString(CultureInfo.InvariantCulture)), "expires_in");
        }

        if (maxViews is not null)
        {
            form.Add(new StringContent(maxViews.Value.ToString(CultureInfo.InvariantCulture)), "max_views");
        }

        if (burn is not null)
        {
            // What a checked box sends.
            form.Add(new StringContent(burn.Value ? "on" : "off"), "burn_after_reading");
        }

        return form;
    }
}
