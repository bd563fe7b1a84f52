using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Hosting;

/// <summary>
/// A command line that is neither an operator command nor the service's own arguments prints the usage and exits 2,
/// instead of starting a second service (which creates a database where it is run).
/// </summary>
public sealed class OperatorCommandLineTests(StorageProvider provider) : StoreFixture(provider)
{
    [TestCase("chek")]
    [TestCase("clients-add")]
    public async Task An_unknown_command_prints_the_usage_and_exits_2_without_starting_the_service(string command)
    {
        using var database = new TestDatabase(Provider);

        var result = await PasteExecutable.RunAsync(database, [command, "list"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.StandardError, Does.Contain($"'{command}' is not a command"), result.ToString());
            Assert.That(result.StandardError, Does.Contain("Usage:").And.Contain("webhooks").And.Contain("clients"), result.ToString());
            Assert.That(await database.StoreCreatedAsync(), Is.False, "the service started and created its database");
        }
    }

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("-?")]
    public async Task Asking_for_help_prints_the_usage_and_exits_2_without_starting_the_service(string help)
    {
        using var database = new TestDatabase(Provider);

        var result = await PasteExecutable.RunAsync(database, [help]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.StandardError, Does.Contain("Usage:").And.Contain("backup"), result.ToString());
            Assert.That(await database.StoreCreatedAsync(), Is.False, "the service started and created its database");
        }
    }

    [Test]
    public async Task Configuration_switches_before_the_urls_still_start_the_service()
    {
        using var database = new TestDatabase(Provider);
        var port = LoopbackPort.Free();
        var address = new Uri($"http://127.0.0.1:{port}");
        await using var service = ExternalProcess.Start(
            BuildLocations.DotnetHost,
            [PasteExecutable.AssemblyPath, "--Paste:Pages:MaxConcurrentHighlights=2", "--urls", address.ToString()],
            PasteExecutable.Environment(database));
        using var client = new HttpClient();

        await PasteExecutable.WaitUntilHealthyAsync(service, client, address);
    }
}
