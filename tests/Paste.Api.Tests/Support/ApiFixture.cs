namespace Paste.Api.Tests.Support;

/// <summary>
/// One application and one client for every test of a fixture. Tests in a fixture run one at a time and create
/// their own pastes, so they do not depend on each other; fixtures run in parallel on separate databases, each
/// fixture once on SQLite and once on PostgreSQL.
/// </summary>
public abstract class ApiFixture : StoreFixture
{
    protected ApiFixture(StorageProvider provider)
        : base(provider)
    {
    }

    protected PasteApiFactory Factory { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Configuration overrides for this fixture's application.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    protected virtual PasteApiFactory CreateFactory() => new(Settings, provider: Provider);

    [OneTimeSetUp]
    public void StartApplication()
    {
        Factory = CreateFactory();
        Client = Factory.CreatePasteClient();
    }

    [OneTimeTearDown]
    public async Task StopApplication()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
