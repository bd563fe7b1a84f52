namespace Paste.Application.Common;

/// <summary>
/// Fixed rate-limit windows kept where every instance of the service counts in the same place (the PostgreSQL store).
/// Registered only there: a single process on SQLite counts in its own memory.
/// </summary>
public interface ISharedRateWindows
{
    /// <summary>
    /// Counts one request in every window of <paramref name="key"/>, or in none: null when all admitted it, else the
    /// refusal of the longest window that had no permit left. Windows are aligned to the epoch, so every instance
    /// agrees on where each one starts.
    /// </summary>
    ValueTask<RateWindowRefusal?> TryTakeAsync(string key, IReadOnlyList<RateWindowLimit> windows, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The permits left now in each of <paramref name="windows"/> of <paramref name="key"/>; asking takes none.</summary>
    ValueTask<IReadOnlyList<long>> RemainingAsync(string key, IReadOnlyList<RateWindowLimit> windows, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>At most <paramref name="Permits"/> requests per <paramref name="Period"/>.</summary>
public sealed record RateWindowLimit(int Permits, TimeSpan Period);

/// <summary>The window that refused (by index), and how long until it starts again.</summary>
public sealed record RateWindowRefusal(int Window, TimeSpan RetryAfter);
