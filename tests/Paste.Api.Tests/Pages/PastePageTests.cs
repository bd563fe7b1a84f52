using System.Net;
using System.Text.RegularExpressions;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Pages;

/// <summary>
/// GET /{id} from a browser: the paste page, with the text escaped and coloured, images inline, binaries as
/// downloads, and a QR code; what an API client gets is unchanged (<see cref="PasteDocumentTests"/>).
/// </summary>
public sealed partial class PastePageTests(StorageProvider provider) : ApiFixture(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Paste:MaxAnonymousBytes"] = "4096",
    };

    [Test]
    public async Task A_browser_gets_the_page_with_the_facts_the_text_and_links_to_the_bytes()
    {
        var paste = await Client.CreatePasteAsync("first line\nsecond line\nthird line\n");

        using var response = await Client.SendAsync(Browser.Navigate($"/{paste.Id}"));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.Vary, Does.Contain("Accept"), "caches keep the page and the JSON apart");
            Assert.That(html, Does.Contain($"<h1 id=\"paste-title\">Paste <code>{paste.Id}</code></h1>"));
            Assert.That(html, Does.Contain("<dd>text/plain</dd>"));
            Assert.That(html, Does.Contain("<dd>34 bytes</dd>"));
            Assert.That(html, Does.Contain("<pre class=\"source\"><code>first line\nsecond line\nthird line\n</code></pre>"));
            Assert.That(html, Does.Contain("<pre class=\"gutter\" aria-hidden=\"true\">1&#xA;2&#xA;3</pre>"), "one number per line");
            Assert.That(html, Does.Contain($"href=\"/{paste.Id}/raw\">Raw</a>"));
            Assert.That(html, Does.Contain($"href=\"/{paste.Id}/raw\" download=\"{paste.Id}\">Download</a>"));
            Assert.That(html, Does.Contain($"alt=\"QR code of http://localhost/{paste.Id}\""));
            Assert.That(html, Does.Contain("src=\"data:image/svg&#x2B;xml;base64,"), "the QR code is drawn on the server");
        }
    }

    [TestCase("<script>alert(1)</script>")]
    [TestCase("<img src=x onerror=alert(1)>")]
    [TestCase("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [TestCase("\"><iframe srcdoc='<script>alert(1)</script>'>")]
    public async Task Markup_in_a_paste_is_shown_as_text_whatever_its_declared_type(string markup)
    {
        foreach (var declared in new[] { "text/plain", "text/html", "image/svg+xml", "application/xml", "text/javascript" })
        {
            var paste = await Client.CreatePasteAsync(TestData.Utf8(markup), declared);

            using var response = await Client.SendAsync(Browser.Navigate($"/{paste.Id}"));
            var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

            var body = html[html.IndexOf("<main", StringComparison.Ordinal)..];
            using (Assert.EnterMultipleScope())
            {
                Assert.That(body, Does.Not.Contain("<svg").IgnoreCase, declared);
                Assert.That(body, Does.Not.Contain("<iframe").IgnoreCase, declared);
                Assert.That(body, Does.Not.Contain("<img src=x").IgnoreCase, declared);
                Assert.That(Regex.Count(body, "<img "), Is.EqualTo(1), $"{declared}: only the QR code is an image");
                Assert.That(VisibleText(Source(html)), Is.EqualTo(markup), $"{declared}: every character is shown, escaped");
            }
        }
    }

    [TestCase("text/x-python", "def f(x):\n    return 1  # one\n", "Python", "<span class=\"keyword\">def</span>")]
    [TestCase("text/css", "p { color: red; }", "CSS", "<span class=\"cssPropertyName\">")]
    [TestCase("text/html", "<p class=\"x\">hi</p>", "HTML", "<span class=\"htmlElementName\">p</span>")]
    public async Task Text_is_coloured_in_the_language_its_type_names(string type, string text, string language, string span)
    {
        var paste = await Client.CreatePasteAsync(TestData.Utf8(text), type);

        using var response = await Client.SendAsync(Browser.Navigate($"/{paste.Id}"));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain($"<dt>Language</dt><dd>{language}</dd>"));
            Assert.That(Source(html), Does.Contain(span));
            Assert.That(VisibleText(Source(html)), Is.EqualTo(text), "colouring never changes the text");
        }
    }

    [TestCase("js", "JavaScript")]
    [TestCase("python", "Python")]
    [TestCase("c%23", "C#")]
    public async Task Lang_in_the_query_chooses_the_language(string lang, string language)
    {
        var paste = await Client.CreatePasteAsync("var x = 1; // note\n");

        using var response = await Client.SendAsync(Browser.Navigate($"/{paste.Id}?lang={lang}"));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

        Assert.That(html, Does.Contain($"<dt>Language</dt><dd>{language}</dd>"));
    }

    [Test]
    public async Task Plain_text_and_an_unknown_lang_are_shown_without_colour()
    {
        var paste = await Client.CreatePasteAsync("var x = 1;\n");

        foreach (var path in new[] { $"/{paste.Id}", $"/{paste.Id}?lang=klingon" })
        {
            using var response = await Client.SendAsync(Browser.Navigate(path));
            var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(html, Does.Not.Contain("<dt>Language</dt>"), path);
                Assert.That(Source(html), Is.EqualTo("var x = 1;\n"), path);
            }
        }
    }

    [Test]
    public async Task An_image_is_shown_from_its_raw_address()
    {
        var paste = await Client.CreatePasteAsync(TestData.Png);

        using var response = await Client.SendAsync(Browser.Navigate($"/{paste.Id}"));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain($"<img src=\"/{paste.Id}/raw\" alt=\"The image in paste {paste.Id}\">"));
            Assert.That(html, Does.Not.Contain("<pre class=\"source\">"));
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Binary_content_and_text_too_large_to_show_are_a_download(bool largeText)
    {
        var content = largeText ? TestData.Filled(4097) : TestData.Zip;
        var paste = await Client.CreatePasteAsync(content, largeText ? "text/plain; charset=utf-8" : null, Fingerprints.Alice);

        using var response = await Client.SendAsync(Browser.Navigate($"/{paste.Id}"));
        var html = await ResponseAssert.PageAsync(response, HttpStatusCode.OK);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("This paste is not text that can be shown here"));
            Assert.That(html, Does.Contain($"<a href=\"/{paste.Id}/raw\" download=\"{paste.Id}\">Download it</a>"));
            Assert.That(html, Does.Not.Contain("<pre class=\"source\">"));
            Assert.That(html, Does.Not.Contain($"<img src=\"/{paste.Id}/raw\""));
        }
    }

    /// <summary>The inside of the page's code element: the paste as HTML.</summary>
    private static string Source(string html)
    {
        var match = SourcePattern().Match(html);
        Assert.That(match.Success, Is.True, "the page shows the text");
        return match.Groups[1].Value;
    }

    /// <summary>What a reader sees of some HTML: tags dropped, entities decoded.</summary>
    private static string VisibleText(string html) => WebUtility.HtmlDecode(TagPattern().Replace(html, string.Empty));

    [GeneratedRegex("<pre class=\"source\"><code>(.*?)</code></pre>", RegexOptions.Singleline)]
    private static partial Regex SourcePattern();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();
}
