using Paste.Application.Pastes;

namespace Paste.Api.Contracts;

/// <summary>201 body of POST /. Times are unix seconds; <c>owner</c> appears only for authenticated callers.</summary>
public sealed record CreatePasteResponse(string Id, string Url, string Raw, string MimeType, long CreatedAt, string? Owner)
{
    public static CreatePasteResponse From(CreatedPaste paste) =>
        new(paste.Id, PasteRoutes.Paste(paste.Id), PasteRoutes.Raw(paste.Id), paste.MimeType, paste.CreatedAt.ToUnixTimeSeconds(), paste.Owner);
}

/// <summary>200 body of GET /{id}. <c>expires_at</c> moves forward with every read.</summary>
public sealed record PasteMetadataResponse(string Id, string MimeType, long Size, long CreatedAt, long ExpiresAt, string Raw)
{
    public static PasteMetadataResponse From(PasteMetadata paste) =>
        new(paste.Id, paste.MimeType, paste.Size, paste.CreatedAt.ToUnixTimeSeconds(), paste.ExpiresAt.ToUnixTimeSeconds(), PasteRoutes.Raw(paste.Id));
}

public sealed record DeletePasteResponse(string Message);

public sealed record HealthResponse(string Status, string Database);

/// <summary>The JSON form of POST /.</summary>
public sealed record CreatePasteJsonRequest(string Content);

/// <summary>
/// Every error: RFC 9457 problem details plus the reference API's <c>error</c> string and the request id.
/// <c>size</c>, <c>max_size</c> and <c>authenticated</c> appear on 413 only.
/// </summary>
public sealed record ErrorResponse(
    string Type,
    string Title,
    int Status,
    string Error,
    string RequestId,
    long? Size = null,
    long? MaxSize = null,
    bool? Authenticated = null);

public static class PasteRoutes
{
    public static string Paste(string id) => $"/{id}";

    public static string Raw(string id) => $"/{id}/raw";
}

/// <summary>200 body of GET /webhook_key.</summary>
/// <param name="Status">Always <c>success</c>.</param>
/// <param name="Public">Base64 of the raw 32-byte Ed25519 public key.</param>
/// <param name="Algorithm">Always <c>ed25519</c>.</param>
/// <param name="StandardWebhooks">The same key in the Standard Webhooks form, <c>whpk_</c> + base64.</param>
public sealed record WebhookKeyResponse(string Status, string Public, string Algorithm, string StandardWebhooks)
{
    public static WebhookKeyResponse From(Application.Webhooks.WebhookKey key) =>
        new("success", key.PublicKeyBase64, "ed25519", "whpk_" + key.PublicKeyBase64);
}

/// <summary>201 body of POST /submit.</summary>
public sealed record SubmitPasteResponse(string Status, string Url);

/// <summary>Every error of POST /submit: <c>status</c> is always "error".</summary>
public sealed record SubmitErrorResponse(string Status, string Error, string RequestId, long? Size = null, long? MaxSize = null, bool? Authenticated = null);

/// <summary>The JSON body of POST /submit.</summary>
public sealed record SubmitPasteRequest(string C);
