using Paste.Api.Protection;

namespace Paste.Api.Tests.Protection;

/// <summary>Which windows each kind of caller gets: a configured list, else the one window of the per-minute setting.</summary>
public sealed class RateLimitSettingsTests
{
    private RateLimitSettings settings = null!;

    [SetUp]
    public void CreateSettings() => settings = new RateLimitSettings();

    [Test]
    public void Without_settings_each_kind_of_caller_has_todays_one_window_of_a_minute()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Windows(settings.AnonymousCreatePolicy()), Is.EqualTo("60 per minute"));
            Assert.That(Windows(settings.AuthenticatedCreatePolicy()), Is.EqualTo("600 per minute"));
            Assert.That(Windows(settings.RequestPolicy()), Is.EqualTo("3000 per minute"));
            Assert.That(settings.RequestPolicy().Windows.Single().Period, Is.EqualTo(TimeSpan.FromMinutes(1)));
        }
    }

    [Test]
    public void A_per_minute_setting_alone_is_one_window_of_a_minute()
    {
        settings.AnonymousPermitsPerMinute = 5;
        settings.AuthenticatedPermitsPerMinute = 6;
        settings.RequestsPerMinute = 7;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Windows(settings.AnonymousCreatePolicy()), Is.EqualTo("5 per minute"));
            Assert.That(Windows(settings.AuthenticatedCreatePolicy()), Is.EqualTo("6 per minute"));
            Assert.That(Windows(settings.RequestPolicy()), Is.EqualTo("7 per minute"));
            Assert.That(settings.IgnoredPerMinuteKeys(), Is.Empty);
        }
    }

    [Test]
    public void A_list_gives_its_windows_shortest_first()
    {
        settings.Requests = ["200 per day", "50 per hour", "1/second", "10 per 5 minutes"];

        var policy = settings.RequestPolicy();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(policy.Name, Is.EqualTo("requests"));
            Assert.That(Windows(policy), Is.EqualTo("1/second; 10 per 5 minutes; 50 per hour; 200 per day"));
            Assert.That(policy.Windows.Select(window => window.Period), Is.Ordered);
        }
    }

    [Test]
    public void A_list_replaces_the_per_minute_setting_of_its_kind_only_and_names_the_ignored_key()
    {
        settings.AnonymousCreates = ["2 per hour"];
        settings.AnonymousPermitsPerMinute = 5;
        settings.RequestsPerMinute = 7;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Windows(settings.AnonymousCreatePolicy()), Is.EqualTo("2 per hour"));
            Assert.That(Windows(settings.RequestPolicy()), Is.EqualTo("7 per minute"));
            Assert.That(
                settings.IgnoredPerMinuteKeys(),
                Is.EquivalentTo([("Paste:RateLimits:AnonymousPermitsPerMinute", "Paste:RateLimits:AnonymousCreates")]));
        }
    }

    /// <summary>The policy's windows as written, in the order it keeps them.</summary>
    private static string Windows(RateLimitPolicy policy) => string.Join("; ", policy.Windows.Select(window => window.Text));
}
