namespace Paste.Application.Common;

/// <summary>
/// The one rule for a duration setting that a timer, a delay or a deadline is made of: positive, and no longer than a
/// timer waits. PeriodicTimer, Task.Delay and CancellationTokenSource.CancelAfter refuse more than 2^32-2 milliseconds
/// (about 49.7 days) only when they are created, long after start-up; 49 days is the round bound below that.
/// </summary>
public static class DurationSetting
{
    public static readonly TimeSpan Max = TimeSpan.FromDays(49);

    /// <summary>Adds a failure naming <paramref name="key"/> unless <paramref name="value"/> is within the bound.</summary>
    public static void Check(ICollection<string> failures, string key, TimeSpan value, string example)
    {
        if (value <= TimeSpan.Zero || value > Max)
        {
            failures.Add($"{key} must be a positive duration of at most {Max.TotalDays:0} days, such as {example}.");
        }
    }
}
