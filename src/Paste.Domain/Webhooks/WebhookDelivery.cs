namespace Paste.Domain.Webhooks;

/// <summary>
/// One event on its way to one receiver. It is stored with the paste it announces, so an acknowledged paste is
/// always announced, and it keeps its event id and body across attempts so that receivers can de-duplicate.
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery(Guid id, string eventId, string url, string payload, DateTimeOffset createdAt)
    {
        Id = id;
        EventId = eventId;
        Url = url;
        Payload = payload;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        Status = WebhookDeliveryStatus.Pending;
    }

    public Guid Id { get; private set; }

    /// <summary>Identifies the event; the same for every receiver and every attempt.</summary>
    public string EventId { get; private set; }

    public string Url { get; private set; }

    /// <summary>The JSON body, fixed when the event happened.</summary>
    public string Payload { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public WebhookDeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>Why the last attempt failed: a status code or a transport error, never a response body.</summary>
    public string? LastError { get; private set; }

    public static WebhookDelivery Create(Guid id, string eventId, string url, string payload, DateTimeOffset now) =>
        new(id, eventId, url, payload, now);

    public void RecordSuccess(DateTimeOffset now)
    {
        Attempts++;
        Status = WebhookDeliveryStatus.Delivered;
        DeliveredAt = now;
        LastError = null;
    }

    /// <summary>Schedules the next attempt, or gives up once the policy's attempts are spent.</summary>
    /// <param name="jitter">A uniform random number in [0, 1) that spreads retries of many deliveries apart.</param>
    public void RecordFailure(DateTimeOffset now, string error, WebhookRetryPolicy policy, double jitter)
    {
        Attempts++;
        LastError = error;
        if (Attempts >= policy.MaxAttempts)
        {
            Status = WebhookDeliveryStatus.Dead;
            return;
        }

        NextAttemptAt = now + policy.DelayAfter(Attempts, jitter);
    }

    /// <summary>Gives a dead delivery a fresh set of attempts, starting now.</summary>
    public void Revive(DateTimeOffset now)
    {
        Status = WebhookDeliveryStatus.Pending;
        Attempts = 0;
        NextAttemptAt = now;
    }
}
