using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>
/// What the operator reads when a signature is refused, from the log of the real service process: one line under
/// the request's id, saying why, and no second line for the same refusal (neither the framework's nor the error
/// handler's), even with Information lines shown.
/// </summary>
public sealed class SignatureRefusalLogTests(StorageProvider provider) : StoreFixture(provider)
{
    private TestDatabase database = null!;
    private PasteInstance service = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        database = new TestDatabase(Provider);
        // Information and above, so that a refusal logged a second time at any level shows.
        service = await PasteInstance.StartAsync(database, new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" });
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await service.DisposeAsync();
        database.Dispose();
    }

    [Test]
    public async Task A_refused_signature_is_logged_once_with_its_reason()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Signature", "not a signature");

        using var refused = await service.Client.SendAsync(request);

        await RequestSigner.AssertRefusedAsync(refused);
        var requestId = ResponseAssert.Header(refused, ResponseAssert.RequestIdHeader);
        var requestLine = $"[rid={requestId}]";
        await Eventually.ReturnsAsync(
            () => Task.FromResult(service.Process.StandardOutput),
            log => log.Contains("GET / responded 401", StringComparison.Ordinal),
            "the line of the refused request",
            log => log);
        var refusals = service.Process.StandardOutput.Split('\n')
            .Where(line => line.Contains(requestLine, StringComparison.Ordinal) && line.Contains("signature", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.That(refusals, Has.Count.EqualTo(1), service.Process.StandardOutput);
        Assert.That(refusals[0], Does.Contain("WRN").And.Contain("Signed request refused: the signature header is malformed"));
    }
}
