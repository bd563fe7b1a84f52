using System.Net;
using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Pages;

/// <summary>The pages' one stylesheet and their icon: linked under fingerprinted names and kept by browsers for a year.</summary>
public sealed partial class StylesheetTests(StorageProvider provider) : ApiFixture(provider)
{
    [Test]
    public async Task Pages_link_the_fingerprinted_stylesheet_which_is_cached_for_a_year()
    {
        using var page = await Client.SendAsync(Browser.Navigate("/"));
        var href = LinkPattern().Match(await ResponseAssert.PageAsync(page, HttpStatusCode.OK));
        Assert.That(href.Success, Is.True, "a fingerprinted stylesheet link");

        using var response = await Client.GetAsync(new Uri(href.Groups[1].Value, UriKind.Relative));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
            Assert.That(ResponseAssert.Header(response, "Cache-Control"), Is.EqualTo("max-age=31536000, immutable"));
            Assert.That(ResponseAssert.Header(response, "Pragma"), Is.Null);
            Assert.That(ResponseAssert.Header(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("prefers-color-scheme: dark"));
        }
    }

    [Test]
    public async Task Pages_link_a_fingerprinted_icon_so_that_browsers_do_not_ask_for_favicon_ico()
    {
        using var page = await Client.SendAsync(Browser.Navigate("/"));
        var href = IconPattern().Match(await ResponseAssert.PageAsync(page, HttpStatusCode.OK));
        Assert.That(href.Success, Is.True, "a fingerprinted icon link");

        using var response = await Client.GetAsync(new Uri(href.Groups[1].Value, UriKind.Relative));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/svg+xml"));
            Assert.That(ResponseAssert.Header(response, "Cache-Control"), Is.EqualTo("max-age=31536000, immutable"));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("<script"), "an icon, nothing active");
        }
    }

    [Test]
    public async Task Favicon_ico_is_the_site_icon_cached_for_an_hour_and_revalidated()
    {
        using var page = await Client.SendAsync(Browser.Navigate("/"));
        var href = IconPattern().Match(await ResponseAssert.PageAsync(page, HttpStatusCode.OK));
        using var linked = await Client.GetAsync(new Uri(href.Groups[1].Value, UriKind.Relative));

        using var response = await Client.GetAsync(new Uri("/favicon.ico", UriKind.Relative));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/svg+xml"));
            Assert.That(ResponseAssert.Header(response, "Cache-Control"), Is.EqualTo("max-age=3600, must-revalidate"));
            Assert.That(response.Headers.ETag, Is.Not.Null, "a browser revalidates it with If-None-Match");
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(await linked.Content.ReadAsStringAsync()), "the icon the pages link");
        }
    }

    [Test]
    public async Task Every_other_response_is_still_never_cached()
    {
        using var page = await Client.SendAsync(Browser.Navigate("/"));

        Assert.That(ResponseAssert.Header(page, "Cache-Control"), Is.EqualTo("no-store, no-cache, must-revalidate, private"));
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(/css/paste\\.[a-z0-9]{6,}\\.css)\">")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<link rel=\"icon\" type=\"image/svg\\+xml\" href=\"(/images/icon\\.[a-z0-9]{6,}\\.svg)\">")]
    private static partial Regex IconPattern();
}
