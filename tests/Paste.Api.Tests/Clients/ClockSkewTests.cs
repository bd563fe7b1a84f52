using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Clients;

/// <summary>The server's clock is fake, so the Date of a signed request can sit exactly on the skew boundary.</summary>
public sealed class ClockSkewTests(StorageProvider provider) : ApiFixture(provider)
{
    private SigningKey key = null!;

    protected override PasteApiFactory CreateFactory() => new(Settings, time: PasteApiFactory.NewFakeTime(), useKestrel: true, provider: Provider);

    private DateTimeOffset ServerNow => Factory.Time!.GetUtcNow();

    [OneTimeSetUp]
    public async Task RegisterClient() => key = await Factory.AddEd25519ClientAsync();

    [TestCase(-300, TestName = "A date exactly five minutes behind the server is accepted")]
    [TestCase(300, TestName = "A date exactly five minutes ahead of the server is accepted")]
    [TestCase(0, TestName = "A date equal to the servers clock is accepted")]
    public async Task A_date_within_the_default_skew_is_accepted(int seconds)
    {
        using var response = await Client.SendSignedAsync(HttpMethod.Get, "/health", key, new SignOptions { Date = ServerNow.AddSeconds(seconds) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(-301, TestName = "A date five minutes and a second behind the server is refused")]
    [TestCase(301, TestName = "A date five minutes and a second ahead of the server is refused")]
    public async Task A_date_beyond_the_default_skew_is_refused(int seconds)
    {
        using var response = await Client.SendSignedAsync(HttpMethod.Get, "/health", key, new SignOptions { Date = ServerNow.AddSeconds(seconds) });

        await RequestSigner.AssertRefusedAsync(response);
    }

    [Test]
    public async Task A_signed_request_held_back_until_it_is_stale_is_refused()
    {
        using var request = PasteApi.Post(PasteApi.Raw(TestData.Utf8("held back"), "text/plain"));
        await RequestSigner.SignAsync(request, Client.BaseAddress!, key, new SignOptions { Date = ServerNow });

        Factory.Time!.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        using var response = await Client.SendAsync(request);

        await RequestSigner.AssertRefusedAsync(response);
    }
}

/// <summary>Paste:Signatures:ClockSkew replaces the default five minutes.</summary>
public sealed class ConfiguredClockSkewTests(StorageProvider provider) : ApiFixture(provider)
{
    private SigningKey key = null!;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:Signatures:ClockSkew"] = "00:00:30",
    };

    protected override PasteApiFactory CreateFactory() => new(Settings, time: PasteApiFactory.NewFakeTime(), useKestrel: true, provider: Provider);

    [OneTimeSetUp]
    public async Task RegisterClient() => key = await Factory.AddHmacClientAsync();

    [TestCase(-30, HttpStatusCode.OK)]
    [TestCase(30, HttpStatusCode.OK)]
    [TestCase(-31, HttpStatusCode.Unauthorized)]
    [TestCase(31, HttpStatusCode.Unauthorized)]
    [TestCase(-240, HttpStatusCode.Unauthorized)]
    public async Task Dates_are_judged_against_the_configured_skew(int seconds, HttpStatusCode expected)
    {
        var date = Factory.Time!.GetUtcNow().AddSeconds(seconds);

        using var response = await Client.SendSignedAsync(HttpMethod.Get, "/health", key, new SignOptions { Date = date });

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }
}
