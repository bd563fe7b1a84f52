using System.Net;
using System.Text.Json;

namespace Paste.Api.Tests.Support;

/// <summary>Reading and checking responses: JSON bodies, problem details, headers.</summary>
public static class ResponseAssert
{
    public const string RequestIdHeader = "X-Request-ID";
    public const string DefaultCsp = "default-src 'none'; frame-ancestors 'none'";
    public const string PageCsp = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>What a stack trace or an exception message would show.</summary>
    public static readonly IReadOnlyList<string> Internals = ["   at ", "Exception", "Paste.Api"];

    /// <summary>The reference's security headers, exact values, on every response (CSP is checked separately).</summary>
    public static readonly IReadOnlyDictionary<string, string> SecurityHeaders = new Dictionary<string, string>
    {
        ["X-Content-Type-Options"] = "nosniff",
        ["X-Frame-Options"] = "DENY",
        ["X-XSS-Protection"] = "1; mode=block",
        ["Referrer-Policy"] = "strict-origin-when-cross-origin",
        ["Permissions-Policy"] = "geolocation=(), microphone=(), camera=()",
        ["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains",
        ["Cache-Control"] = "no-store, no-cache, must-revalidate, private",
        ["Pragma"] = "no-cache",
    };

    public static async Task<JsonElement> ParseAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            Assert.Fail($"{(int)response.StatusCode} body is not JSON ({exception.Message}): {System.Text.Encoding.UTF8.GetString(bytes)}");
            throw;
        }
    }

    /// <summary>Checks the status and that the body is <c>application/json</c>; returns the parsed body.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"Expected {(int)expected} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return await ParseAsync(response);
    }

    /// <summary>
    /// Checks an error response: the status, RFC 9457 problem details with the reference's <c>error</c> string,
    /// the request id matching the X-Request-ID header, and nothing that looks like a stack trace.
    /// </summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? error = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);

        var body = await ParseAsync(response);
        Assert.That(body.ValueKind, Is.EqualTo(JsonValueKind.Object), text);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(StringMember(body, "type"), Is.Not.Empty, $"type in {text}");
            Assert.That(StringMember(body, "title"), Is.Not.Empty, $"title in {text}");
            Assert.That(body.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number ? status.GetInt32() : -1,
                Is.EqualTo((int)expected), $"status in {text}");
            Assert.That(StringMember(body, "error"), error is null ? Is.Not.Empty : Is.EqualTo(error), $"error in {text}");
            Assert.That(StringMember(body, "request_id"), Is.Not.Empty.And.EqualTo(Header(response, RequestIdHeader)), $"request_id in {text}");
            foreach (var internals in Internals)
            {
                Assert.That(text, Does.Not.Contain(internals), "internals leaked");
            }
        }

        return body;
    }

    /// <summary>
    /// Checks a page for people: the status, HTML under the pages' policy with every security header, no script of
    /// any kind and no inline style (the policy would block it), and no internals. Returns the HTML.
    /// </summary>
    public static async Task<string> PageAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), html);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"), html);
        HasSecurityHeaders(response, PageCsp);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(html, Does.Not.Contain("<script").IgnoreCase, "pages run no script");
            Assert.That(html, Does.Not.Contain(" style=").IgnoreCase, "the policy allows the stylesheet only");
            foreach (var internals in Internals)
            {
                Assert.That(html, Does.Not.Contain(internals), "internals leaked");
            }
        }

        return html;
    }

    public static string? StringMember(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A header's value as sent, whether HttpClient files it under the response or the content.</summary>
    public static string? Header(HttpResponseMessage response, string name)
    {
        if (response.Headers.NonValidated.TryGetValues(name, out var values)
            || response.Content.Headers.NonValidated.TryGetValues(name, out values))
        {
            return string.Join(", ", values);
        }

        return null;
    }

    /// <summary>Every header of the response, by name, as sent.</summary>
    public static IReadOnlyDictionary<string, string> AllHeaders(HttpResponseMessage response) =>
        response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);

    public static void HasSecurityHeaders(HttpResponseMessage response, string? contentSecurityPolicy = DefaultCsp)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, value) in SecurityHeaders)
            {
                Assert.That(Header(response, name), Is.EqualTo(value), $"{name} on {(int)response.StatusCode}");
            }

            if (contentSecurityPolicy is not null)
            {
                Assert.That(Header(response, "Content-Security-Policy"), Is.EqualTo(contentSecurityPolicy), $"CSP on {(int)response.StatusCode}");
            }
        }
    }
}
