using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Paste.Api.Tests.Support;

namespace Paste.Api.Tests.Pages;

/// <summary>
/// The pages for people in a real browser: Debian's Chromium, driven by Playwright, against the application on
/// Kestrel on 127.0.0.1. It proves that the form creates a paste and lands on its page, that markup in a paste,
/// sent to the API or chosen in the form, is shown as text and never runs, that an image and the QR code decode,
/// that no page breaks its Content-Security-Policy or logs any error (checked after every test), that the
/// stylesheet applies in light and dark, and that a phone never scrolls a page sideways. Screenshots of the
/// pages are attached to the results.
/// </summary>
public sealed partial class PagesBrowserTests(StorageProvider provider) : BrowserFixture(provider)
{
    /// <summary>A valid PNG of one pixel.</summary>
    private static readonly byte[] OnePixelPng =
        Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private const string ScriptedSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>";

    private const string PythonSample = """"
        """Count the words in a file and print the most common ones."""
        import sys
        from collections import Counter


        def top_words(path: str, limit: int = 10) -> list[tuple[str, int]]:
            # Words are split on whitespace and compared without case.
            with open(path, encoding="utf-8") as file:
                words = file.read().lower().split()
            return Counter(words).most_common(limit)


        if __name__ == "__main__":
            for word, count in top_words(sys.argv[1]):
                print(f"{count:6d}  {word}")

        """";

    private List<IBrowserContext> contexts = null!;
    private ConcurrentQueue<string> problems = null!;
    private ConcurrentQueue<string> dialogs = null!;

    [SetUp]
    public void StartWithNothingSeen()
    {
        contexts = [];
        problems = new ConcurrentQueue<string>();
        dialogs = new ConcurrentQueue<string>();
    }

    /// <summary>
    /// Every page a test opened, whatever it was checking: Chromium reports a Content-Security-Policy violation as a
    /// console error, so an empty list means that no page broke its policy, failed to load a resource, or threw.
    /// </summary>
    [TearDown]
    public async Task CloseContextsAndCheckTheConsole()
    {
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }

        Assert.That(problems, Is.Empty, "console errors and warnings, CSP violations among them, and page errors");
    }

    [Test]
    public async Task Text_typed_into_the_form_becomes_a_paste_and_the_browser_lands_on_its_page()
    {
        var page = await NewPageAsync();
        await OpenAsync(page, "/");

        await page.Locator("#content").FillAsync("typed in a real browser\nsecond line");
        var id = await SubmitFormAsync(page);

        await Assertions.Expect(page.Locator("#paste-title")).ToHaveTextAsync($"Paste {id}");
        await Assertions.Expect(page.Locator("pre.source")).ToContainTextAsync("typed in a real browser");
        await Assertions.Expect(page.Locator("pre.source")).ToContainTextAsync("second line");
        await Assertions.Expect(page.Locator("pre.gutter")).ToHaveTextAsync("1\n2");

        // HTML's form submission sends a text area's line breaks as CR LF; the service stores the bytes it is sent.
        Assert.That(await Client.GetRawBytesAsync(id), Is.EqualTo(TestData.Utf8("typed in a real browser\r\nsecond line")));
    }

    [TestCase("<script>alert(1)</script>", "text/html")]
    [TestCase("<script>alert(1)</script>", "text/plain")]
    [TestCase("<img src=x onerror=alert(1)>", "text/html")]
    [TestCase("<img src=x onerror=alert(1)>", "text/plain")]
    [TestCase(ScriptedSvg, "image/svg+xml")]
    public async Task Markup_sent_to_the_api_is_shown_as_text_and_never_runs(string markup, string declared)
    {
        var paste = await Client.CreatePasteAsync(TestData.Utf8(markup), declared);
        var page = await NewPageAsync();

        await OpenAsync(page, $"/{paste.Id}");

        await AssertShownAsTextOnlyAsync(page, markup);
    }

    [Test]
    public async Task An_svg_with_a_script_chosen_in_the_form_is_shown_as_its_source_and_never_runs()
    {
        var page = await NewPageAsync();
        await OpenAsync(page, "/");

        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "drawing.svg",
            MimeType = "image/svg+xml",
            Buffer = TestData.Utf8(ScriptedSvg),
        });
        var id = await SubmitFormAsync(page);

        await AssertShownAsTextOnlyAsync(page, ScriptedSvg);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Client.GetRawBytesAsync(id), Is.EqualTo(TestData.Utf8(ScriptedSvg)));
            Assert.That((await Client.GetMetadataAsync(id)).GetProperty("mime_type").GetString(), Is.EqualTo("image/svg+xml"));
        }
    }

    [Test]
    public async Task An_image_paste_and_the_qr_code_both_decode()
    {
        var paste = await Client.CreatePasteAsync(OnePixelPng, "image/png");
        var page = await NewPageAsync();

        await OpenAsync(page, $"/{paste.Id}");

        // An image that fails to load or decode is complete with a natural size of 0.
        var image = page.Locator("figure.image img");
        await Assertions.Expect(image).ToHaveAttributeAsync("src", $"/{paste.Id}/raw");
        await Assertions.Expect(image).ToHaveJSPropertyAsync("complete", true);
        var qr = page.Locator("img.qr");
        await Assertions.Expect(qr).ToHaveJSPropertyAsync("complete", true);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await image.EvaluateAsync<int>("img => img.naturalWidth"), Is.EqualTo(1), "the pixel of the PNG");
            Assert.That(await image.EvaluateAsync<int>("img => img.naturalHeight"), Is.EqualTo(1));
            Assert.That(await qr.EvaluateAsync<int>("img => img.naturalWidth"), Is.GreaterThan(0), "the QR code's SVG");
        }
    }

    [Test]
    public async Task Every_kind_of_page_keeps_to_its_policy_and_applies_the_stylesheet()
    {
        var text = await Client.CreatePasteAsync(TestData.Utf8(PythonSample), "text/x-python");
        var image = await Client.CreatePasteAsync(OnePixelPng, "image/png");
        var page = await NewPageAsync();
        var defaultBackground = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        var defaultFont = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).fontFamily");

        foreach (var (path, status) in new[] { ("/", 200), ($"/{text.Id}", 200), ($"/{image.Id}", 200), ("/AAAAAAAAAAAAAAAA", 404) })
        {
            var response = await OpenAsync(page, path, status);

            var header = await page.Locator("header.site").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
            var font = await page.Locator("body").EvaluateAsync<string>("e => getComputedStyle(e).fontFamily");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(await response.HeaderValueAsync("content-security-policy"), Is.EqualTo(ResponseAssert.PageCsp), path);
                Assert.That(header, Is.Not.EqualTo("rgba(0, 0, 0, 0)"), $"{path}: the header has its surface colour");
                Assert.That(header, Is.Not.EqualTo(defaultBackground), $"{path}: the header has its surface colour");
                Assert.That(font, Does.StartWith("system-ui").And.Not.EqualTo(defaultFont), $"{path}: the body has the stylesheet's font");
            }
        }

        Assert.That(problems, Is.Empty, "no CSP violation, nor any other error, on the create, text, image and error pages");
    }

    [Test]
    public async Task The_paste_page_shows_python_in_colour()
    {
        var paste = await Client.CreatePasteAsync(TestData.Utf8(PythonSample), "text/x-python");
        var page = await NewPageAsync();

        await OpenAsync(page, $"/{paste.Id}");

        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("Python");
        await Assertions.Expect(page.Locator("pre.source .keyword").First).ToBeVisibleAsync();
        var plain = await page.Locator("pre.source").EvaluateAsync<string>("e => getComputedStyle(e).color");
        var keyword = await page.Locator("pre.source .keyword").First.EvaluateAsync<string>("e => getComputedStyle(e).color");
        await SaveScreenshotAsync(page, "paste-page", "The paste page, light, 1280 wide, with Python coloured");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(keyword, Is.Not.EqualTo(plain), "keywords have a colour of their own");
            Assert.That(await page.Locator("pre.gutter").TextContentAsync(), Does.EndWith("\n15"), "fifteen numbered lines");
        }
    }

    [Test]
    public async Task The_create_page_shows_the_form_with_its_labels()
    {
        var page = await NewPageAsync();

        await OpenAsync(page, "/");

        await Assertions.Expect(page.GetByLabel("Text")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("A file")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create paste" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section.terminal")).ToContainTextAsync($"curl --data-binary @file.txt {Client.BaseAddress!.ToString().TrimEnd('/')}/");
        await SaveScreenshotAsync(page, "create-page", "The create page, light, 1280 wide");
    }

    [Test]
    public async Task Dark_mode_changes_the_colours_of_the_paste_page()
    {
        var paste = await Client.CreatePasteAsync(TestData.Utf8(PythonSample), "text/x-python");
        var light = await NewPageAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Light });
        var dark = await NewPageAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Dark });

        await OpenAsync(light, $"/{paste.Id}");
        await OpenAsync(dark, $"/{paste.Id}");

        var lightColours = await light.Locator("body").EvaluateAsync<string[]>("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]");
        var darkColours = await dark.Locator("body").EvaluateAsync<string[]>("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]");
        await SaveScreenshotAsync(dark, "paste-page-dark", "The paste page, dark, 1280 wide, with Python coloured");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(darkColours[0], Is.Not.EqualTo(lightColours[0]), "the body's background");
            Assert.That(darkColours[1], Is.Not.EqualTo(lightColours[1]), "the body's text");
            Assert.That(Brightness(darkColours[0]), Is.LessThan(Brightness(lightColours[0])), $"dark {darkColours[0]}, light {lightColours[0]}");
        }
    }

    [Test]
    public async Task On_a_phone_no_page_is_wider_than_the_screen_and_a_long_line_scrolls_inside_its_block()
    {
        var paste = await Client.CreatePasteAsync("a short line\n" + new string('x', 2000) + "\nanother short line\n");
        var page = await NewPageAsync(new BrowserNewContextOptions { ViewportSize = Phone, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 });

        await OpenAsync(page, "/");
        var createWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        await SaveScreenshotAsync(page, "create-page-phone", "The create page, 390 × 844");

        await OpenAsync(page, $"/{paste.Id}");
        var pasteWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var code = await page.Locator(".code-scroll").EvaluateAsync<int[]>("e => [e.scrollWidth, e.clientWidth]");
        await SaveScreenshotAsync(page, "paste-page-phone", "A paste with a 2000-character line, 390 × 844");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(createWidth, Is.LessThanOrEqualTo(Phone.Width), "the create page");
            Assert.That(pasteWidth, Is.LessThanOrEqualTo(Phone.Width), "the paste page");
            Assert.That(code[1], Is.LessThanOrEqualTo(Phone.Width), "the code block fits the screen");
            Assert.That(code[0], Is.GreaterThan(code[1]), "the long line scrolls inside the code block");
        }
    }

    /// <summary>
    /// A context and a page of their own for the test, 1280 wide unless told otherwise; their console errors and
    /// warnings, page errors and dialogs are collected from before the first navigation.
    /// </summary>
    private async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = Client.BaseAddress!.ToString();
        options.ViewportSize ??= Desktop;
        var context = await Browser.NewContextAsync(options);
        contexts.Add(context);

        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            // Chromium logs an error page's own status as a resource that failed to load; that status is the point of the page.
            var documentStatus = message.Location == $"{page.Url}:0:0" && message.Text.StartsWith("Failed to load resource:", StringComparison.Ordinal);
            if (message.Type is "error" or "warning" && !documentStatus)
            {
                problems.Enqueue($"{page.Url}: console {message.Type}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => problems.Enqueue($"{page.Url}: page error: {error}");
        page.Dialog += (_, dialog) =>
        {
            dialogs.Enqueue($"{page.Url}: {dialog.Type} \"{dialog.Message}\"");
            _ = dialog.DismissAsync();
        };
        return page;
    }

    private static async Task<IResponse> OpenAsync(IPage page, string path, int status = 200)
    {
        var response = await page.GotoAsync(path);
        Assert.That(response?.Status, Is.EqualTo(status), $"GET {path}");
        return response!;
    }

    /// <summary>Clicks the create page's button and waits for the page of the new paste; returns its id.</summary>
    private async Task<string> SubmitFormAsync(IPage page)
    {
        // The form's own POST is awaited first, so that a failure says whether the form was sent and what it got back.
        var posted = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create paste" }).ClickAsync(),
            response => response.Request.Method == "POST" && response.Request.IsNavigationRequest);
        if (posted.Status != StatusCodes.Status303SeeOther)
        {
            Assert.Fail($"the form's POST got {posted.Status}: {await posted.TextAsync()}");
        }

        await page.WaitForURLAsync(url => PastePath().IsMatch(new Uri(url).AbsolutePath));

        var landed = new Uri(page.Url);
        Assert.That(landed.GetLeftPart(UriPartial.Authority), Is.EqualTo(Client.BaseAddress!.GetLeftPart(UriPartial.Authority)));
        return landed.AbsolutePath.TrimStart('/');
    }

    /// <summary>The page shows <paramref name="markup"/> as text, holds no element it could have become, and opened no dialog.</summary>
    private async Task AssertShownAsTextOnlyAsync(IPage page, string markup)
    {
        // The page is drawn on the server and has loaded: what it holds now is all it will hold.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.Locator("script").CountAsync(), Is.Zero, "script elements");
            Assert.That(await page.Locator("svg").CountAsync(), Is.Zero, "svg elements");
            Assert.That(await page.Locator("iframe").CountAsync(), Is.Zero, "iframe elements");
            Assert.That(await page.Locator("img").CountAsync(), Is.EqualTo(1), "one image, the QR code");
            Assert.That(dialogs, Is.Empty, "dialogs opened");
        }

        await Assertions.Expect(page.Locator("pre.source")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("pre.source")).ToContainTextAsync(markup);
    }

    private static async Task SaveScreenshotAsync(IPage page, string name, string description)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", $"{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, description);
    }

    /// <summary>The sum of the red, green and blue of a computed colour such as <c>rgb(13, 17, 23)</c>.</summary>
    private static int Brightness(string colour)
    {
        var channels = ColourChannels().Matches(colour).Take(3).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.That(channels, Has.Count.EqualTo(3), colour);
        return channels.Sum();
    }

    [GeneratedRegex("^/[A-Za-z0-9]{16}$")]
    private static partial Regex PastePath();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex ColourChannels();
}
