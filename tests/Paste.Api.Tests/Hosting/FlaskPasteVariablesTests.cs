using System.Net;
using System.Text.Json;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Hosting;

/// <summary>
/// A FlaskPaste operator's environment runs the real service unchanged: FLASKPASTE_MAX_ANON, FLASKPASTE_MAX_AUTH,
/// FLASKPASTE_EXPIRY and FLASKPASTE_PROXY_SECRET set the limits, the expiry and the proxy secret; a Paste__ variable
/// for the same setting wins with a warning; a bad value stops the service, naming the variable.
/// </summary>
public sealed class FlaskPasteVariablesTests(StorageProvider provider) : StoreFixture(provider)
{
    private const string ProxySecret = "flaskpaste-proxy-secret-0123456789";

    private TestDatabase database = null!;
    private HttpClient client = null!;
    private int port;
    private Uri address = null!;

    [SetUp]
    public void SetUp()
    {
        database = new TestDatabase(Provider);
        client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        port = LoopbackPort.Free();
        address = new Uri($"http://127.0.0.1:{port}");
    }

    [TearDown]
    public void TearDown()
    {
        client.Dispose();
        database.Dispose();
    }

    [Test]
    public async Task The_service_takes_its_limits_expiry_and_proxy_secret_from_the_flaskpaste_variables()
    {
        await using var service = PasteExecutable.StartService(database, port, new Dictionary<string, string?>
        {
            ["FLASKPASTE_MAX_ANON"] = "1024",
            ["FLASKPASTE_MAX_AUTH"] = "2048",
            ["FLASKPASTE_EXPIRY"] = "3600",
            ["FLASKPASTE_PROXY_SECRET"] = ProxySecret,
        });
        await PasteExecutable.WaitUntilHealthyAsync(service, client, address);

        var anonymous = await LimitsAsync(fingerprint: null, proxySecret: null);
        var withoutSecret = await LimitsAsync(Fingerprints.Alice, proxySecret: null);
        var withSecret = await LimitsAsync(Fingerprints.Alice, ProxySecret);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(anonymous.GetProperty("max_size").GetInt64(), Is.EqualTo(1024), "FLASKPASTE_MAX_ANON");
            Assert.That(anonymous.GetProperty("expiry").GetInt64(), Is.EqualTo(3600), "FLASKPASTE_EXPIRY, in seconds");
            Assert.That(withoutSecret.GetProperty("authenticated").GetBoolean(), Is.False, "FLASKPASTE_PROXY_SECRET is required beside the fingerprint");
            Assert.That(withSecret.GetProperty("authenticated").GetBoolean(), Is.True, "FLASKPASTE_PROXY_SECRET");
            Assert.That(withSecret.GetProperty("max_size").GetInt64(), Is.EqualTo(2048), "FLASKPASTE_MAX_AUTH");
            Assert.That(service.StandardOutput, Does.Not.Contain("FLASKPASTE_"), "no warning when nothing else sets the keys");
        }
    }

    [Test]
    public async Task A_paste_variable_wins_over_its_flaskpaste_variable_and_a_warning_names_the_ignored_one()
    {
        await using var service = PasteExecutable.StartService(database, port, new Dictionary<string, string?>
        {
            ["FLASKPASTE_MAX_ANON"] = "1024",
            ["Paste:MaxAnonymousBytes"] = "2048",
            ["FLASKPASTE_EXPIRY"] = "3600",
        });
        await PasteExecutable.WaitUntilHealthyAsync(service, client, address);

        var limits = await LimitsAsync(fingerprint: null, proxySecret: null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limits.GetProperty("max_size").GetInt64(), Is.EqualTo(2048), "Paste__MaxAnonymousBytes wins");
            Assert.That(limits.GetProperty("expiry").GetInt64(), Is.EqualTo(3600), "FLASKPASTE_EXPIRY still applies");
            Assert.That(
                service.StandardOutput,
                Does.Contain("WRN").And.Contain("FLASKPASTE_MAX_ANON is ignored: Paste:MaxAnonymousBytes is set"),
                service.ToString());
            Assert.That(service.StandardOutput, Does.Not.Contain("FLASKPASTE_EXPIRY"), service.ToString());
        }
    }

    [TestCase("FLASKPASTE_MAX_ANON", "banana")]
    [TestCase("FLASKPASTE_MAX_ANON", "0")]
    [TestCase("FLASKPASTE_MAX_AUTH", "1000000001")]
    [TestCase("FLASKPASTE_MAX_AUTH", "1024")]
    [TestCase("FLASKPASTE_EXPIRY", "1.5")]
    [TestCase("FLASKPASTE_EXPIRY", "0")]
    [TestCase("FLASKPASTE_EXPIRY", "-60")]
    [TestCase("FLASKPASTE_PROXY_SECRET", "CHANGE-ME")]
    [TestCase("FLASKPASTE_PROXY_SECRET", "short-secret")]
    public async Task A_bad_flaskpaste_value_stops_the_service_and_names_the_variable(string variable, string value)
    {
        var result = await PasteExecutable.RunAsync(database, [], new Dictionary<string, string?> { [variable] = value });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain("Invalid configuration:").And.Contain(variable), result.ToString());
            Assert.That(await database.StoreCreatedAsync(), Is.False, "the database was created before the settings were checked");
        }
    }

    [Test]
    public async Task An_operator_command_stops_on_a_bad_flaskpaste_value_as_the_service_does()
    {
        var result = await PasteExecutable.RunAsync(database, ["clients", "list"], new Dictionary<string, string?> { ["FLASKPASTE_EXPIRY"] = "five days" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain("Invalid configuration: FLASKPASTE_EXPIRY must be a whole number of seconds"), result.ToString());
            Assert.That(await database.StoreCreatedAsync(), Is.False, "the database was created before the settings were checked");
        }
    }

    private async Task<JsonElement> LimitsAsync(string? fingerprint, string? proxySecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/limits"));
        if (fingerprint is not null)
        {
            request.Headers.Add(Fingerprints.Header, fingerprint);
        }

        if (proxySecret is not null)
        {
            request.Headers.Add(Fingerprints.ProxySecretHeader, proxySecret);
        }

        using var response = await client.SendAsync(request);
        return await ResponseAssert.JsonAsync(response, HttpStatusCode.OK);
    }
}
