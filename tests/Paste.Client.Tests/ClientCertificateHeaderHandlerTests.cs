using Paste.Client.Tests.Support;

namespace Paste.Client.Tests;

/// <summary>The handler that identifies a caller, against a service that also requires the proxy's secret.</summary>
public sealed class ClientCertificateHeaderHandlerTests(StorageProvider provider) : ClientFixture(provider)
{
    private const string ProxySecret = "s3cret-between-proxy-and-service";

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:ProxySecret"] = ProxySecret,
    };

    [Test]
    public async Task With_the_proxy_secret_the_fingerprint_counts()
    {
        var client = NewClient(new ClientCertificateHeaderHandler(Fingerprints.Alice, ProxySecret));

        var created = await client.CreatePasteAsync("mine");

        Assert.That(created.Owner, Is.EqualTo(Fingerprints.Alice));
        Assert.That((await client.DeletePasteAsync(created.Id)).Message, Is.EqualTo("Paste deleted"));
    }

    [Test]
    public async Task Without_the_proxy_secret_the_caller_is_anonymous()
    {
        var created = await Alice.CreatePasteAsync("whose?");

        Assert.That(created.Owner, Is.Null);
    }

    [Test]
    public async Task A_wrong_proxy_secret_makes_the_caller_anonymous()
    {
        var client = NewClient(new ClientCertificateHeaderHandler(Fingerprints.Alice, "not the secret"));

        var created = await client.CreatePasteAsync("whose?");

        Assert.That(created.Owner, Is.Null);
    }

    [TestCase("A1B2C3D4E5F6A1B2C3D4E5F6A1B2C3D4E5F6A1B2")]
    [TestCase("a1b2c3d4")]
    [TestCase("g1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2")]
    [TestCase("")]
    public void A_malformed_fingerprint_is_refused_before_any_request(string fingerprint)
    {
        Assert.That(() => new ClientCertificateHeaderHandler(fingerprint), Throws.ArgumentException.With.Property("ParamName").EqualTo("fingerprint"));
    }
}
