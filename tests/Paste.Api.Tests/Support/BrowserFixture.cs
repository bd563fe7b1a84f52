using Microsoft.Playwright;

namespace Paste.Api.Tests.Support;

/// <summary>
/// The application on Kestrel on 127.0.0.1 and an ephemeral port, and Debian's headless Chromium driven by
/// Playwright, for every test of a fixture.
/// </summary>
public abstract class BrowserFixture : StoreFixture
{
    private IPlaywright? playwright;

    protected BrowserFixture(StorageProvider provider)
        : base(provider)
    {
    }

    protected PasteApiFactory Factory { get; private set; } = null!;

    /// <summary>A plain HTTP client of the same application, for arranging what the browser then looks at.</summary>
    protected HttpClient Client { get; private set; } = null!;

    protected IBrowser Browser { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartApplicationAndBrowser()
    {
        Factory = new PasteApiFactory(useKestrel: true, provider: Provider);
        Client = Factory.CreatePasteClient();
        playwright = await Playwright.CreateAsync();
        Browser = await HeadlessChromium.LaunchAsync(playwright);
    }

    [OneTimeTearDown]
    public async Task StopApplicationAndBrowser()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        Client?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }
    }
}
