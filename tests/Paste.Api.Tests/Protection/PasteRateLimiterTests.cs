using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paste.Api.Protection;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Protection;

/// <summary>What the limiter tells the operator as it is built from the settings.</summary>
public sealed class PasteRateLimiterTests
{
    private RateLimitSettings settings = null!;
    private RecordingLogger<PasteRateLimiter> logger = null!;

    [SetUp]
    public void CreateSettings()
    {
        settings = new RateLimitSettings();
        logger = new RecordingLogger<PasteRateLimiter>();
    }

    [Test]
    public void A_per_minute_setting_beside_its_list_is_named_in_a_warning()
    {
        settings.Requests = ["50 per hour"];
        settings.RequestsPerMinute = 100;

        using var limiter = new PasteRateLimiter(Options.Create(settings), new ClientBudgetKey(Options.Create(settings)), logger, TimeProvider.System);

        Assert.That(
            logger.Entries,
            Is.EquivalentTo([(LogLevel.Warning, "Paste:RateLimits:RequestsPerMinute is ignored: Paste:RateLimits:Requests is set, and its windows apply instead")]));
    }

    [Test]
    public void Settings_without_a_conflict_are_built_without_a_word()
    {
        settings.Requests = ["50 per hour"];
        settings.AnonymousPermitsPerMinute = 100;

        using var limiter = new PasteRateLimiter(Options.Create(settings), new ClientBudgetKey(Options.Create(settings)), logger, TimeProvider.System);

        Assert.That(logger.Entries, Is.Empty);
    }
}
