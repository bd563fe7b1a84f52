using System.Net;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Pages;

/// <summary>A browser that is refused gets a small page with the status and the message the JSON would carry.</summary>
public sealed class PageErrorTests(StorageProvider provider) : ApiFixture(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxAnonymousBytes"] = "1024",
    };

    [TestCase("/AAAAAAAAAAAAAAAA", HttpStatusCode.NotFound, "Paste not found")]
    [TestCase("/AAAAAAAAAAAAAAAA/raw", HttpStatusCode.NotFound, "Paste not found")]
    [TestCase("/not-an-id", HttpStatusCode.BadRequest, "Invalid paste ID format")]
    [TestCase("/a/b/c", HttpStatusCode.NotFound, "Not Found")]
    public async Task A_refused_navigation_is_a_page_with_the_status_and_the_message(string path, HttpStatusCode status, string message)
    {
        using var response = await Client.SendAsync(Browser.Navigate(path));
        var html = await ResponseAssert.PageAsync(response, status);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain($"<h1 id=\"error-title\">{(int)status} "));
            Assert.That(html, Does.Contain($"<p>{message}</p>"));
            Assert.That(html, Does.Contain($"<code>{ResponseAssert.Header(response, ResponseAssert.RequestIdHeader)}</code>"), "the id to quote");
        }
    }

    [Test]
    public async Task A_form_over_the_size_limit_is_a_page_with_413()
    {
        using var response = await Client.SendAsync(Browser.PostForm(new string('x', 2048)));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.RequestEntityTooLarge);

        Assert.That(html, Does.Contain("<p>Paste too large</p>"));
    }

    [Test]
    public async Task A_wrong_method_keeps_its_allow_header()
    {
        using var request = Browser.Navigate("/");
        request.Method = HttpMethod.Put;

        using var response = await Client.SendAsync(request);
        await ResponseAssert.PageAsync(response, HttpStatusCode.MethodNotAllowed);

        Assert.That(response.Content.Headers.Allow, Is.Not.Empty);
    }
}
