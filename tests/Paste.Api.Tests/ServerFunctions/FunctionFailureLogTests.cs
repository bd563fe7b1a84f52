using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.ServerFunctions;

/// <summary>
/// What the operator reads when a function fails, from the log of the real service process: one line that names the
/// function and the reason, and never what the caller sent nor what the function wrote, which the caller's 502 does
/// not carry either.
/// </summary>
public sealed class FunctionFailureLogTests(StorageProvider provider) : StoreFixture(provider)
{
    private readonly string outputMarker = "paste-output-" + Guid.NewGuid().ToString("N");

    private TestDatabase database = null!;
    private BoxClient client = null!;
    private PasteInstance service = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        database = new TestDatabase(Provider);
        client = await BoxClient.RegisterAsync(database);
        service = await PasteInstance.StartAsync(database, new Dictionary<string, string?>
        {
            // Writes the caller's args to both its outputs, then something of its own, then fails.
            ["Paste:V1:Functions:leaky:Command"] = "/bin/sh",
            ["Paste:V1:Functions:leaky:Arguments:0"] = "-c",
            ["Paste:V1:Functions:leaky:Arguments:1"] = $"/usr/bin/tee /dev/stderr; echo {outputMarker}; exit 3",
            ["Paste:V1:Functions:chatty:Command"] = "/usr/bin/yes",
            ["Paste:V1:Functions:chatty:Arguments:0"] = outputMarker,
            ["Paste:V1:Functions:chatty:MaxOutputBytes"] = "1024",
        });
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await service.DisposeAsync();
        database.Dispose();
    }

    [TestCase("leaky", "it exited with status 3")]
    [TestCase("chatty", "it wrote more than 1024 bytes")]
    public async Task A_failed_function_is_logged_with_its_name_and_reason_but_never_the_args_or_its_output(string function, string reason)
    {
        var args = "paste-args-" + Guid.NewGuid().ToString("N");

        using var response = await BoxClient.PostAsync(service.Client, client.Call(function, args));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway), body);
        var logLine = $"Request refused with 502: function {function}: {reason}";
        await Eventually.ReturnsAsync(() => Task.FromResult(service.Process.StandardOutput), log => log.Contains(logLine, StringComparison.Ordinal), $"the log line '{logLine}'");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body, Does.Not.Contain(reason).And.Not.Contain(args).And.Not.Contain(outputMarker), "the caller's 502");
            Assert.That(service.Process.StandardOutput, Does.Not.Contain(args).And.Not.Contain(outputMarker), "the service's log");
            Assert.That(service.Process.ToString(), Does.Not.Contain(args), "the service's standard error");
        }
    }
}
