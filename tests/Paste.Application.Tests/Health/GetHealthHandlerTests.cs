using Moq;
using Paste.Application.Common;
using Paste.Application.Health;

namespace Paste.Application.Tests.Health;

public sealed class GetHealthHandlerTests
{
    [TestCase(true)]
    [TestCase(false)]
    public async Task Reports_what_the_database_probe_says(bool healthy)
    {
        var probe = new Mock<IDatabaseHealthProbe>();
        probe.Setup(p => p.IsHealthyAsync(It.IsAny<CancellationToken>())).ReturnsAsync(healthy);

        var report = await new GetHealthHandler(probe.Object).Handle(new GetHealthQuery(), CancellationToken.None);

        Assert.That(report, Is.EqualTo(new HealthReport(DatabaseHealthy: healthy)));
        probe.Verify(p => p.IsHealthyAsync(It.IsAny<CancellationToken>()), Times.Once);
    }
}
