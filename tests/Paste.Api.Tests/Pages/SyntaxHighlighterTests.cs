using System.Net;
using System.Text.RegularExpressions;
using ColorCode;
using Microsoft.Extensions.Time.Testing;
using Paste.Api.Pages;

namespace Paste.Api.Tests.Pages;

/// <summary>Colouring is markup around the text, never a change to it, and it gives up within its budget.</summary>
public sealed partial class SyntaxHighlighterTests
{
    private const string Sample =
        "<script>alert(1)</script>\r\n/* a \"comment\" */ var x = 'text' & <b>y</b>;\n\t# hash -- dash <!-- x --> ]]> ${z}\n";

    private SyntaxHighlighter highlighter = null!;

    // A clock that stands still: on a loaded machine the real one could pass the budget, and the test is about the
    // markup, not the budget (which has a test of its own below).
    [SetUp]
    public void CreateHighlighter() => highlighter = new SyntaxHighlighter(new FakeTimeProvider());

    [TestCaseSource(nameof(AllLanguages))]
    public void Every_language_shows_every_character_of_the_text_escaped(string languageId)
    {
        var (html, language) = highlighter.Render(Sample, Languages.FindById(languageId));
        var markup = html.ToString()!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(language?.Id, Is.EqualTo(languageId));
            Assert.That(WebUtility.HtmlDecode(TagPattern().Replace(markup, string.Empty)), Is.EqualTo(Sample));
            Assert.That(TagPattern().Matches(markup).Select(tag => tag.Value), Is.All.Match("^</?span( class=\"[A-Za-z#]+\")?>$"), "only ColorCode's spans");
        }
    }

    [Test]
    public void Without_a_language_the_text_is_escaped_and_nothing_else()
    {
        var (html, language) = highlighter.Render(Sample, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(language, Is.Null);
            Assert.That(html.ToString(), Is.EqualTo(WebUtility.HtmlEncode(Sample)));
        }
    }

    [Test]
    public void Text_longer_than_the_limit_is_shown_plain()
    {
        var text = new string('x', SyntaxHighlighter.MaxHighlightedChars + 1);

        var (html, language) = highlighter.Render(text, Languages.CSharp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(language, Is.Null);
            Assert.That(html.ToString(), Is.EqualTo(text));
        }
    }

    [Test]
    public void Colouring_that_runs_past_its_budget_is_given_up_for_plain_text()
    {
        // A clock that jumps past the budget on its second reading: the deadline is set, then every piece is late.
        var clock = new SteppingTimeProvider(SyntaxHighlighter.Budget + TimeSpan.FromMilliseconds(1));
        var text = string.Concat(Enumerable.Repeat("int x = 1; // line\n", 100));

        var (html, language) = new SyntaxHighlighter(clock).Render(text, Languages.CSharp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(language, Is.Null);
            Assert.That(html.ToString(), Is.EqualTo(text));
        }
    }

    [TestCase("text/x-python", null, "python")]
    [TestCase("TEXT/X-PYTHON", null, "python")]
    [TestCase("application/javascript", null, "javascript")]
    [TestCase("image/svg+xml", null, "xml")]
    [TestCase("text/plain", null, null)]
    [TestCase("text/plain", "py", "python")]
    [TestCase("text/plain", " CS ", "c#")]
    [TestCase("text/x-python", "sql", "sql")]
    [TestCase("text/x-python", "klingon", null)]
    public void The_language_comes_from_lang_when_given_else_from_the_type(string mediaType, string? lang, string? expected) =>
        Assert.That(SyntaxHighlighter.LanguageFor(mediaType, lang)?.Id, Is.EqualTo(expected));

    private static IEnumerable<string> AllLanguages() => Languages.All.Select(language => language.Id);

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();

    /// <summary>Each reading is <c>step</c> later than the one before.</summary>
    private sealed class SteppingTimeProvider(TimeSpan step) : FakeTimeProvider
    {
        public override long GetTimestamp()
        {
            Advance(step);
            return base.GetTimestamp();
        }
    }
}
