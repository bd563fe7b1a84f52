using Paste.Api.Protection;

namespace Paste.Api.Tests.Protection;

/// <summary>What start-up says of bad rate-limit settings: the full key of each, and for a window the value as written.</summary>
public sealed class RateLimitSettingsValidationTests
{
    private ProtectionSettingsValidator validator = null!;
    private RateLimitSettings settings = null!;

    [SetUp]
    public void CreateValidator()
    {
        validator = new ProtectionSettingsValidator();
        settings = new RateLimitSettings();
    }

    [Test]
    public void Windows_in_flask_limiter_notation_and_positive_per_minute_settings_pass()
    {
        settings.AnonymousCreates = ["10 per minute", "100 per day"];
        settings.AuthenticatedCreates = ["1/second"];
        settings.Requests = ["200 per day", "50 per hour"];
        settings.RequestsPerMinute = 1;

        var result = validator.Validate(null, settings);

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void A_window_that_is_not_one_is_named_by_its_key_and_its_value()
    {
        settings.Requests = ["200 per day", "5 per fortnight"];
        settings.AnonymousCreates = ["ten per minute"];

        var result = validator.Validate(null, settings);

        Assert.That(result.Failures, Is.EquivalentTo(
        [
            "Paste:RateLimits:Requests:1: \"5 per fortnight\" is not a rate limit such as \"50 per hour\".",
            "Paste:RateLimits:AnonymousCreates:0: \"ten per minute\" is not a rate limit such as \"50 per hour\".",
        ]));
    }

    [Test]
    public void A_per_minute_setting_below_one_is_refused_even_beside_the_list_that_replaces_it()
    {
        settings.AuthenticatedCreates = ["10 per minute"];
        settings.AuthenticatedPermitsPerMinute = 0;

        var result = validator.Validate(null, settings);

        Assert.That(result.Failures, Is.EquivalentTo(["Paste:RateLimits:AuthenticatedPermitsPerMinute must be a positive whole number."]));
    }

    [TestCase(0)]
    [TestCase(-64)]
    [TestCase(129)]
    public void An_ipv6_prefix_length_outside_1_to_128_is_named_by_its_key(int prefixLength)
    {
        settings.Ipv6PrefixLength = prefixLength;

        var result = validator.Validate(null, settings);

        Assert.That(result.Failures, Is.EquivalentTo(["Paste:RateLimits:Ipv6PrefixLength must be a whole number of bits between 1 and 128, such as 64."]));
    }

    [TestCase(1)]
    [TestCase(48)]
    [TestCase(128)]
    public void An_ipv6_prefix_length_from_1_to_128_passes(int prefixLength)
    {
        settings.Ipv6PrefixLength = prefixLength;

        Assert.That(validator.Validate(null, settings).Succeeded, Is.True);
    }
}
