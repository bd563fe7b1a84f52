using Paste.Domain.Webhooks;

namespace Paste.Domain.Tests.Webhooks;

public sealed class WebhookRetryPolicyTests
{
    private static readonly WebhookRetryPolicy Policy = new(TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), 12);

    [TestCase(1, 10)]
    [TestCase(2, 20)]
    [TestCase(3, 40)]
    [TestCase(9, 2560)]
    [TestCase(10, 3600)]
    [TestCase(11, 3600)]
    public void Delay_doubles_from_the_initial_delay_up_to_the_maximum(int failedAttempts, int expectedSeconds)
    {
        Assert.That(Policy.DelayAfter(failedAttempts, jitter: 0), Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }

    [Test]
    public void Jitter_shortens_the_delay_by_at_most_a_fifth()
    {
        var nominal = Policy.DelayAfter(3, jitter: 0);
        var jittered = Policy.DelayAfter(3, jitter: 0.999_999);

        Assert.That(jittered, Is.LessThan(nominal));
        Assert.That(jittered, Is.GreaterThan(nominal * 0.8));
    }

    [Test]
    public void Very_late_attempts_stay_at_the_maximum_without_overflowing()
    {
        Assert.That(Policy.DelayAfter(int.MaxValue, jitter: 0), Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [TestCase(0, 0.5)]
    [TestCase(1, -0.1)]
    [TestCase(1, 1.0)]
    public void Nonsensical_arguments_are_refused(int failedAttempts, double jitter)
    {
        Assert.That(() => Policy.DelayAfter(failedAttempts, jitter), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
