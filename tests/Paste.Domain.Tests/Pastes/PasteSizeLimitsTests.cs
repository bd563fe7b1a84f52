using Paste.Domain.Pastes;

namespace Paste.Domain.Tests.Pastes;

public sealed class PasteSizeLimitsTests
{
    [TestCase(false, 3_145_728L)]
    [TestCase(true, 52_428_800L)]
    public void For_picks_the_limit_of_the_callers_kind(bool authenticated, long expected)
    {
        var limits = new PasteSizeLimits(AnonymousBytes: 3_145_728, AuthenticatedBytes: 52_428_800);

        Assert.That(limits.For(authenticated), Is.EqualTo(expected));
    }
}
