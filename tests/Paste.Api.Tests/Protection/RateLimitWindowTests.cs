using Paste.Api.Protection;

namespace Paste.Api.Tests.Protection;

/// <summary>Windows written as Flask-Limiter writes them, and what is not one.</summary>
public sealed class RateLimitWindowTests
{
    [TestCase("200 per day", 200, 86400)]
    [TestCase("50 per hour", 50, 3600)]
    [TestCase("1/second", 1, 1)]
    [TestCase("10 per 5 minutes", 10, 300)]
    [TestCase("100/2 hours", 100, 7200)]
    [TestCase("3 per 1 second", 3, 1)]
    [TestCase("7 PER Minute", 7, 60)]
    [TestCase("  5 / 10  days ", 5, 864000)]
    [TestCase("5per minute", 5, 60)]
    [TestCase("2147483647 per day", int.MaxValue, 86400)]
    public void A_window_in_flask_limiter_notation_gives_its_permits_and_period(string text, int permits, long seconds)
    {
        var parsed = RateLimitWindow.TryParse(text, out var window);

        Assert.That(parsed, Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(window!.Permits, Is.EqualTo(permits));
            Assert.That(window.Period, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
            Assert.That(window.Text, Is.EqualTo(text.Trim()), "the window as written, for the operator to recognise");
        }
    }

    [TestCase("5 per fortnight")]
    [TestCase("5 per month")]
    [TestCase("5 per year")]
    [TestCase("0 per minute")]
    [TestCase("5 per 0 minutes")]
    [TestCase("-5 per minute")]
    [TestCase("5 per -1 minutes")]
    [TestCase("five per minute")]
    [TestCase("5.5 per minute")]
    [TestCase("5 minute")]
    [TestCase("per minute")]
    [TestCase("5 per")]
    [TestCase("5 per minute; 10 per hour")]
    [TestCase("2147483648 per minute")]
    [TestCase("1 per 2147483647 days")]
    [TestCase("60")]
    [TestCase("")]
    [TestCase(null)]
    public void Anything_else_is_not_a_window(string? text)
    {
        var parsed = RateLimitWindow.TryParse(text, out var window);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.False);
            Assert.That(window, Is.Null);
        }
    }

    [Test]
    public void The_window_of_a_per_minute_setting_reads_like_one_written_by_hand()
    {
        var window = RateLimitWindow.PerMinute(60);

        Assert.That(window, Is.EqualTo(new RateLimitWindow(60, TimeSpan.FromMinutes(1), "60 per minute")));
    }

    [Test]
    public void Parsing_what_is_not_a_window_says_what_one_looks_like()
    {
        var refusal = Assert.Throws<FormatException>(() => RateLimitWindow.Parse("5 per fortnight"));

        Assert.That(refusal.Message, Is.EqualTo("\"5 per fortnight\" is not a rate limit such as \"50 per hour\""));
    }
}
