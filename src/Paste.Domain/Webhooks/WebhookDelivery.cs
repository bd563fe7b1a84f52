namespace Paste.Domain.Webhooks;

public enum WebhookDeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    Dead = 2,
}

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

/// <summary>Exponential backoff with jitter: the delay doubles from <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>.</summary>
public sealed record WebhookRetryPolicy(TimeSpan InitialDelay, TimeSpan MaxDelay, int MaxAttempts)
{
    /// <summary>Jitter takes up to this share off the nominal delay, so retries never come later than the nominal schedule.</summary>
    public const double JitterShare = 0.2;

    public TimeSpan DelayAfter(int failedAttempts, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitter, 1.0);

        // 2^(n-1) overflows long before the cap matters; stop doubling once past the maximum.
        var nominal = InitialDelay;
        for (var i = 1; i < failedAttempts && nominal < MaxDelay; i++)
        {
            nominal *= 2;
        }

        if (nominal > MaxDelay)
        {
            nominal = MaxDelay;
        }

        return nominal * (1 - (JitterShare * jitter));
    }
}
