namespace Paste.Api.Tests.Support;

/// <summary>
/// One healthy <see cref="WebhookReceiver"/> and one application that announces every paste to it, for every test of
/// a fixture. Tests find their own notification by the URL of the paste they created.
/// </summary>
public abstract class WebhookFixture : StoreFixture
{
    protected WebhookFixture(StorageProvider provider)
        : base(provider)
    {
    }

    protected WebhookReceiver Receiver { get; private set; } = null!;

    protected PasteApiFactory Factory { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>The raw public key from GET /webhook_key: all a receiver has to verify with.</summary>
    protected byte[] PublicKey { get; private set; } = [];

    /// <summary>Configuration overrides on top of the receiver's URL and fast retries.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

    [OneTimeSetUp]
    public async Task StartReceiverAndApplication()
    {
        Receiver = await WebhookReceiver.StartAsync();
        Factory = new PasteApiFactory(WebhookApi.Settings([Receiver.Url], ExtraSettings), provider: Provider);
        Client = Factory.CreatePasteClient();
        PublicKey = await Client.GetWebhookPublicKeyAsync();
    }

    [OneTimeTearDown]
    public async Task StopApplicationAndReceiver()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
