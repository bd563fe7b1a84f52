namespace Paste.Api.Protection;

/// <summary>
/// One window of a policy for one caller: as configured (<paramref name="Window"/>, such as "50 per hour"), its
/// <paramref name="Permits"/> per <paramref name="PeriodSeconds"/>, and the permits <paramref name="Remaining"/> now.
/// </summary>
public sealed record RateLimitWindowStatus(string Window, int Permits, long PeriodSeconds, long Remaining);
