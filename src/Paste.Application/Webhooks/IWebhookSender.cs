namespace Paste.Application.Webhooks;

/// <summary>One signed POST to a receiver.</summary>
public sealed record WebhookRequest(Uri Url, string Payload, IReadOnlyDictionary<string, string> Headers);

/// <summary>Success means a 2xx within the timeout; otherwise <paramref name="Error"/> says what happened.</summary>
public sealed record WebhookResponse(bool Success, string? Error);

public interface IWebhookSender
{
    Task<WebhookResponse> SendAsync(WebhookRequest request, TimeSpan timeout, CancellationToken cancellationToken);
}
