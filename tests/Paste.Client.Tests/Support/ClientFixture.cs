namespace Paste.Client.Tests.Support;

/// <summary>
/// The real application on a temporary database, and generated clients talking to it: one anonymous, and two
/// identified through <see cref="ClientCertificateHeaderHandler"/> as Alice and Bob. Every fixture runs once on each
/// storage provider (NUnit inherits the attributes).
/// </summary>
[TestFixture(StorageProvider.Sqlite)]
[TestFixture(StorageProvider.PostgreSql)]
public abstract class ClientFixture
{
    private readonly List<HttpClient> httpClients = [];

    protected ClientFixture(StorageProvider provider) => Provider = provider;

    /// <summary>The store of this run of the fixture's application.</summary>
    protected StorageProvider Provider { get; }

    protected PasteApiFactory Factory { get; private set; } = null!;

    protected PasteClient Anonymous { get; private set; } = null!;

    protected PasteClient Alice { get; private set; } = null!;

    protected PasteClient Bob { get; private set; } = null!;

    /// <summary>Configuration overrides for this fixture's application.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    [OneTimeSetUp]
    public void StartApplication()
    {
        Factory = new PasteApiFactory(Settings, provider: Provider);
        Anonymous = NewClient();
        Alice = NewClient(new ClientCertificateHeaderHandler(Fingerprints.Alice));
        Bob = NewClient(new ClientCertificateHeaderHandler(Fingerprints.Bob));
    }

    [OneTimeTearDown]
    public async Task StopApplication()
    {
        httpClients.ForEach(client => client.Dispose());
        await Factory.DisposeAsync();
    }

    /// <summary>A generated client over an HttpClient whose pipeline runs <paramref name="handlers"/> before the test server.</summary>
    protected PasteClient NewClient(params DelegatingHandler[] handlers)
    {
        var httpClient = Factory.CreateDefaultClient(handlers);
        httpClients.Add(httpClient);
        return new PasteClient(httpClient);
    }
}
