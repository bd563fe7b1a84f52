namespace Paste.Infrastructure.Persistence;

/// <summary>
/// When an instance deletes the rows of shared state that have run out: at most once per interval, and by one caller
/// at a time, so that a busy instance does not sweep on every request. Every instance sweeps; rows another is
/// deleting are skipped.
/// </summary>
internal sealed class PruneSchedule(TimeProvider timeProvider)
{
    private static readonly long IntervalMilliseconds = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    private long nextAt;

    /// <summary>True for the one caller that should sweep now.</summary>
    public bool TakeTurn()
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var due = Interlocked.Read(ref nextAt);
        return now >= due && Interlocked.CompareExchange(ref nextAt, now + IntervalMilliseconds, due) == due;
    }

    /// <summary>
    /// The sweep deleted a full batch, so more rows may have run out: the next caller sweeps again without waiting for
    /// the interval, and a backlog goes a batch per call rather than a batch per interval.
    /// </summary>
    public void SweepAgainNext() => Interlocked.Exchange(ref nextAt, 0);
}
