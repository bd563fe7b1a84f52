namespace Paste.Domain.Pastes;

/// <summary>
/// What the creator asked of a paste's life, beyond the service's expiry after the last read: a lifetime of its own
/// and a number of content reads after which it is gone. Null means no such limit.
/// </summary>
public sealed record PasteLimits(TimeSpan? Lifetime, int? MaxViews)
{
    public static readonly PasteLimits None = new(null, null);
}
