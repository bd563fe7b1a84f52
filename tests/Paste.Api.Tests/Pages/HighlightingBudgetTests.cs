using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Pages;

/// <summary>
/// The real service, which sets the process's regular-expression timeout before anything else: a paste crafted to
/// make ColorCode's HTML rules backtrack for minutes is shown plain, promptly, and the service goes on answering.
/// </summary>
public sealed class HighlightingBudgetTests(StorageProvider provider) : StoreFixture(provider)
{
    [Test]
    public async Task A_paste_that_would_colour_for_minutes_is_shown_plain_at_once()
    {
        using var database = new TestDatabase(Provider);
        var port = LoopbackPort.Free();
        await using var service = PasteExecutable.StartService(database, port, PasteExecutable.Unthrottled);

        // Unbounded, this page takes over a minute of CPU on the machines the tests run on; the client gives up sooner.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await PasteExecutable.WaitUntilHealthyAsync(service, client, client.BaseAddress);
        var crafted = string.Concat(Enumerable.Repeat("<a b=", 12_000));
        var paste = await client.CreatePasteAsync(TestData.Utf8(crafted), "text/html");

        using var response = await client.SendAsync(Browser.Navigate($"/{paste.Id}"));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Not.Contain("<dt>Language</dt>"), "shown plain");
            Assert.That(html, Does.Contain("<pre class=\"source\"><code>&lt;a b=&lt;a b="));
            Assert.That(await client.StatusOfAsync("/health"), Is.EqualTo(HttpStatusCode.OK));
        }
    }
}
