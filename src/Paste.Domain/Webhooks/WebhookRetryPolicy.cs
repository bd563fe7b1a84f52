namespace Paste.Domain.Webhooks;

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
