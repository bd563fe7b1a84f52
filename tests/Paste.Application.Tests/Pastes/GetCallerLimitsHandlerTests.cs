using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Paste.Application.Common;
using Paste.Application.Pastes;

namespace Paste.Application.Tests.Pastes;

public sealed class GetCallerLimitsHandlerTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 9, 30, 0, TimeSpan.Zero);

    private Mock<IPasteRepository> repository = null!;
    private GetCallerLimitsHandler handler = null!;

    [SetUp]
    public void SetUp()
    {
        repository = new Mock<IPasteRepository>();
        repository
            .Setup(r => r.GetOwnerUsageAsync(StoredPastes.Owner, Now, StoredPastes.Expiry, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OwnerUsage(4, 4096));
        var options = new PasteOptions
        {
            Expiry = StoredPastes.Expiry,
            MaxLifetime = TimeSpan.FromDays(7),
            Quotas = new QuotaOptions { MaxPastesPerOwner = 10 },
        };
        handler = new GetCallerLimitsHandler(repository.Object, new FakeTimeProvider(Now), Options.Create(options));
    }

    [Test]
    public async Task An_owner_gets_the_authenticated_size_limit_and_its_quota_with_its_usage()
    {
        var limits = await handler.Handle(new GetCallerLimitsQuery(StoredPastes.Owner), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limits.MaxBytes, Is.EqualTo(new PasteOptions().MaxAuthenticatedBytes));
            Assert.That(limits.MaxLifetime, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(limits.Expiry, Is.EqualTo(StoredPastes.Expiry));
            Assert.That(limits.Quota, Is.EqualTo(new QuotaUsage(10, null, new OwnerUsage(4, 4096))));
        }
    }

    [Test]
    public async Task An_anonymous_caller_gets_the_anonymous_size_limit_and_no_quota_and_nothing_is_counted()
    {
        var limits = await handler.Handle(new GetCallerLimitsQuery(null), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limits.MaxBytes, Is.EqualTo(new PasteOptions().MaxAnonymousBytes));
            Assert.That(limits.Quota, Is.Null);
        }

        repository.Verify(r => r.GetOwnerUsageAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
