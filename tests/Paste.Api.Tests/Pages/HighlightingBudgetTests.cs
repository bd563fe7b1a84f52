using System.Globalization;
using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Pages;

/// <summary>
/// The real service: a paste crafted to make ColorCode's HTML rules backtrack for minutes is shown plain, promptly,
/// and the service goes on answering; viewing it again costs no colouring at all; and past the pages allowed colours
/// at once, text is shown plain.
/// </summary>
public sealed class HighlightingBudgetTests(StorageProvider provider) : StoreFixture(provider)
{
    [Test]
    public async Task A_paste_that_would_colour_for_minutes_is_shown_plain_at_once_and_from_the_cache_after()
    {
        using var database = new TestDatabase(Provider);
        var port = LoopbackPort.Free();
        await using var service = PasteExecutable.StartService(database, port, PasteExecutable.Unthrottled);

        // Unbounded, this page takes over a minute of CPU on the machines the tests run on; the client gives up sooner.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await PasteExecutable.WaitUntilHealthyAsync(service, client, client.BaseAddress);
        var crafted = string.Concat(Enumerable.Repeat("<a b=", 12_000));
        var paste = await client.CreatePasteAsync(TestData.Utf8(crafted), "text/html");

        using var response = await client.SendAsync(Browser.Navigate($"/{paste.Id}?lang=html"));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);
        using var again = await client.SendAsync(Browser.Navigate($"/{paste.Id}?lang=html"));
        var htmlAgain = await ResponseAssert.PageAsync(again, HttpStatusCode.OK);
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Not.Contain("<dt>Language</dt>"), "shown plain");
            Assert.That(html, Does.Contain($"<pre class=\"source\"><code>{WebUtility.HtmlEncode(crafted)}</code></pre>"), "the whole text, escaped");
            Assert.That(htmlAgain, Does.Contain($"<pre class=\"source\"><code>{WebUtility.HtmlEncode(crafted)}</code></pre>"));
            Assert.That(Sample(metrics, "paste_page_highlights{outcome=\"over_budget\"}"), Is.EqualTo(1), metrics);
            Assert.That(Sample(metrics, "paste_page_highlights{outcome=\"cached\"}"), Is.EqualTo(1), "the second view is not coloured again");
            Assert.That(await client.StatusOfAsync("/health"), Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task With_no_page_allowed_colours_text_in_a_known_language_is_shown_plain()
    {
        await using var factory = new PasteApiFactory(new Dictionary<string, string?> { ["Paste:Pages:MaxConcurrentHighlights"] = "0" }, provider: Provider);
        using var client = factory.CreatePasteClient();
        const string text = "def f(x):\n    return x < 1  # one\n";
        var paste = await client.CreatePasteAsync(TestData.Utf8(text), "text/x-python");

        using var response = await client.SendAsync(Browser.Navigate($"/{paste.Id}"));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Not.Contain("<dt>Language</dt>"), "shown plain");
            Assert.That(html, Does.Contain($"<pre class=\"source\"><code>{WebUtility.HtmlEncode(text)}</code></pre>"));
        }
    }

    /// <summary>The value of the one sample named so in a Prometheus scrape; null when there is none.</summary>
    private static double? Sample(string scrape, string nameAndLabels)
    {
        var line = scrape.Split('\n').SingleOrDefault(l => l.StartsWith(nameAndLabels + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(nameAndLabels.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
