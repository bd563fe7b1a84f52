using System.Globalization;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// <c>dotnet Paste.Api.dll health [URL]</c>, the container image's health check: exit 0 with the service's answer while
/// <c>/health</c> answers 200, exit 1 with the reason otherwise; without a URL, where ASPNETCORE_URLS says it listens.
/// </summary>
public sealed class HealthCommandTests(StorageProvider provider) : StoreFixture(provider)
{
    private PasteApiFactory factory = null!;
    private Uri address = null!;

    [SetUp]
    public void SetUp()
    {
        factory = new PasteApiFactory(useKestrel: true, provider: Provider);
        using var client = factory.CreatePasteClient();
        address = client.BaseAddress!;
    }

    [TearDown]
    public async Task TearDown() => await factory.DisposeAsync();

    [Test]
    public async Task A_healthy_service_makes_the_command_print_its_answer_and_exit_0()
    {
        var result = await PasteExecutable.RunAsync(factory.Database, ["health", new Uri(address, "/health").ToString()]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.StandardOutput.Trim(), Is.EqualTo("""{"status":"healthy","database":"ok"}"""), result.ToString());
        }
    }

    [TestCase("http://+:{0}")]
    [TestCase("http://0.0.0.0:{0};http://127.0.0.1:1")]
    [TestCase("http://127.0.0.1:{0}")]
    public async Task Without_a_url_the_command_asks_where_the_services_listening_address_says(string urls)
    {
        var result = await PasteExecutable.RunAsync(
            factory.Database, ["health"], new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = string.Format(CultureInfo.InvariantCulture, urls, address.Port) });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.StandardOutput.Trim(), Is.EqualTo("""{"status":"healthy","database":"ok"}"""), result.ToString());
        }
    }

    [Test]
    public async Task An_answer_other_than_200_makes_the_command_exit_1_naming_the_status()
    {
        var result = await PasteExecutable.RunAsync(factory.Database, ["health", new Uri(address, "/health/nowhere").ToString()]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain("answered 404"), result.ToString());
        }
    }

    [Test]
    public async Task A_service_that_does_not_answer_makes_the_command_exit_1()
    {
        var nothingListens = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/health");

        var result = await PasteExecutable.RunAsync(factory.Database, ["health", nothingListens.ToString()]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.StartWith("error: " + nothingListens), result.ToString());
        }
    }
}
