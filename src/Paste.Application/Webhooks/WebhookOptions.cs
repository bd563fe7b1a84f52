using Paste.Domain.Webhooks;

namespace Paste.Application.Webhooks;

/// <summary>The <c>Paste:Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Paste:Webhooks";

    /// <summary>Every new paste is announced to each of these URLs.</summary>
    public IList<string> Urls { get; } = [];

    public string SigningKeyPath { get; set; } = "data/webhook.key";

    /// <summary>An attempt that has no 2xx answer within this time has failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public int MaxAttempts { get; set; } = 12;

    public WebhookRetryPolicy RetryPolicy => new(InitialRetryDelay, MaxRetryDelay, MaxAttempts);
}
