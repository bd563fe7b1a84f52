using Paste.Application.Pastes;

namespace Paste.Application.Tests.Pastes;

public sealed class PurgeExpiredPastesValidatorTests
{
    [TestCase(0)]
    [TestCase(-1)]
    public void A_batch_size_below_one_is_refused(int batchSize)
    {
        Assert.That(new PurgeExpiredPastesValidator().Validate(new PurgeExpiredPastesCommand(batchSize)).IsValid, Is.False);
    }

    [Test]
    public void The_default_batch_size_is_accepted()
    {
        Assert.That(new PurgeExpiredPastesValidator().Validate(new PurgeExpiredPastesCommand()).IsValid, Is.True);
    }
}
