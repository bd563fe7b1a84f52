namespace Paste.Api.Contracts;

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
