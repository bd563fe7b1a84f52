using System.Net;
using System.Security.Cryptography;
using System.Text;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests;

/// <summary>
/// A paste's id is its read key, so the real service process never writes one to its log: each id a request names is
/// logged as <c>{id:</c> and the first 12 hex digits of its SHA-256 <c>}</c>, which the operator can compute for a known
/// id and which correlates a paste's lines without granting a read. Checked in the rendered lines and in every property
/// of every event, as a JSON sink would write them.
/// </summary>
public sealed class RequestLogTests(StorageProvider provider) : StoreFixture(provider)
{
    private TestDatabase database = null!;
    private PasteInstance service = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        database = new TestDatabase(Provider);
        service = await PasteInstance.StartAsync(database, new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            // Every event once more as JSON, with all its properties: the scope that ASP.NET Core attaches to each
            // line of a request holds its path too.
            ["Serilog:Using:0"] = "Serilog.Sinks.Console",
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Serilog:WriteTo:0:Args:formatter"] = "Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact",
        });
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await service.DisposeAsync();
        database.Dispose();
    }

    [Test]
    public async Task Requests_naming_a_paste_are_logged_with_a_short_hash_of_its_id_and_never_the_id()
    {
        var paste = await service.Client.CreatePasteAsync("logged by its hash");
        var missing = Domain.Pastes.PasteId.NewId();

        (await service.Client.GetAsync(new Uri($"/{paste.Id}", UriKind.Relative))).Dispose();
        (await service.Client.GetAsync(new Uri($"/{paste.Id}/raw", UriKind.Relative))).Dispose();
        // Refused requests add a line of their own, which carries the request's path among its properties.
        (await service.Client.DeleteWithTokenAsync(paste.Id, "not the token")).Dispose();
        (await service.Client.GetAsync(new Uri($"/{missing}/raw", UriKind.Relative))).Dispose();

        var standIn = StandIn(paste.Id);
        await Eventually.ReturnsAsync(
            () => Task.FromResult(service.Process.StandardOutput),
            log => log.Contains($"GET /{StandIn(missing)}/raw responded 404", StringComparison.Ordinal),
            "the line of the last request",
            log => log);
        var log = service.Process.StandardOutput;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(log, Does.Contain($"GET /{standIn} responded 200"));
            Assert.That(log, Does.Contain($"GET /{standIn}/raw responded 200"));
            Assert.That(log, Does.Contain($"DELETE /{standIn} responded 403"));
            Assert.That(log, Does.Contain("\"RequestPath\":\"/" + standIn + "\""), "the request's scope, as a JSON sink writes it");
            Assert.That(log, Does.Not.Contain(paste.Id), "the standard output");
            Assert.That(log, Does.Not.Contain(missing), "the standard output");
            Assert.That(service.Process.ToString(), Does.Not.Contain(paste.Id), "the standard error");
        }
    }

    /// <summary>What the documentation tells the operator to compute: <c>printf %s ID | sha256sum | cut -c1-12</c>.</summary>
    private static string StandIn(string id) =>
        "{id:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..12] + "}";
}
