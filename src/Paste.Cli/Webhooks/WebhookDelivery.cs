namespace Paste.Cli.Webhooks;

/// <summary>One announcement as a receiver got it: the body's exact bytes and the signature headers, each null when absent.</summary>
public sealed record WebhookDelivery(
    byte[] Body, string? XWebhookSignature, string? WebhookId, string? WebhookTimestamp, string? WebhookSignature)
{
    public const string XWebhookSignatureHeader = "X-Webhook-Signature";
    public const string WebhookIdHeader = "webhook-id";
    public const string WebhookTimestampHeader = "webhook-timestamp";
    public const string WebhookSignatureHeader = "webhook-signature";
}
