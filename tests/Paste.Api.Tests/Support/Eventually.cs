using System.Diagnostics;

namespace Paste.Api.Tests.Support;

/// <summary>Waiting for something that happens in the background, by polling within a bounded time.</summary>
public static class Eventually
{
    /// <summary>Long enough for a loaded CI machine, short enough that a lost notification fails the run quickly.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Calls <paramref name="probe"/> until <paramref name="done"/> holds for its result, and returns that result;
    /// fails the test with <paramref name="what"/> and the last result seen when <paramref name="timeout"/> passes first.
    /// </summary>
    public static async Task<T> ReturnsAsync<T>(
        Func<Task<T>> probe, Func<T, bool> done, string what, Func<T, string>? describe = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Waited {limit.TotalSeconds:0.#} s for {what}; last seen: {(describe is null ? last?.ToString() : describe(last))}");
            }

            await Task.Delay(PollEvery);
        }
    }
}
