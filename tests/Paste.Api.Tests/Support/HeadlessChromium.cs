using Microsoft.Playwright;

namespace Paste.Api.Tests.Support;

/// <summary>Debian's Chromium, headless, as every browser test launches it (test tools cannot download browsers of their own here).</summary>
public static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.That(File.Exists(Path), Is.True, $"{Path} is missing: apt-get install chromium (.ci/run does)");

        // The other fixtures run alongside on two cores; Playwright's five seconds for an expectation are too few then.
        Assertions.SetDefaultExpectTimeout(30_000);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,

            // No sandbox as root; nothing that reaches past loopback (this machine's network is closed).
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }
}
