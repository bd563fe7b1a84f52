using Paste.Application.Clients;

namespace Paste.Application.Tests.Clients;

public sealed class SignatureOptionsValidatorTests
{
    private readonly SignatureOptionsValidator validator = new();

    [Test]
    public void The_defaults_are_valid()
    {
        var options = new SignatureOptions();

        Assert.That(options.ClockSkew, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(validator.Validate(null, options).Succeeded, Is.True);
    }

    [TestCase("00:00:00")]
    [TestCase("-00:00:01")]
    [TestCase("01:00:01")]
    public void A_clock_skew_that_is_not_positive_or_over_an_hour_names_the_key(string skew)
    {
        var result = validator.Validate(null, new SignatureOptions { ClockSkew = TimeSpan.Parse(skew, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:Signatures:ClockSkew"));
    }

    [Test]
    public void A_clock_skew_of_exactly_one_hour_is_valid()
    {
        Assert.That(validator.Validate(null, new SignatureOptions { ClockSkew = TimeSpan.FromHours(1) }).Succeeded, Is.True);
    }

    [TestCase("")]
    [TestCase("   ")]
    public void A_blank_key_ring_path_names_the_key(string path)
    {
        var result = validator.Validate(null, new SignatureOptions { KeyRingPath = path });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Paste:Signatures:KeyRingPath"));
    }
}
