using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.RegularExpressions;
using ColorCode;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Paste.Api.Pages;
using Paste.Application.Common;

namespace Paste.Api.Tests.Pages;

/// <summary>
/// Colouring is markup around the text, never a change to it; it gives up within its budget, is done once for a text
/// and language, and never for more pages at once than there are slots.
/// </summary>
public sealed partial class SyntaxHighlighterTests
{
    private const string Sample =
        "<script>alert(1)</script>\r\n/* a \"comment\" */ var x = 'text' & <b>y</b>;\n\t# hash -- dash <!-- x --> ]]> ${z}\n";

    private PasteMetrics metrics = null!;
    private Outcomes outcomes = null!;
    private SyntaxHighlighter highlighter = null!;

    // A clock that stands still: on a loaded machine the real one could pass the budget, and the test is about the
    // markup, not the budget (which has a test of its own below).
    [SetUp]
    public void CreateHighlighter()
    {
        metrics = new PasteMetrics();
        outcomes = new Outcomes(metrics);
        highlighter = Create(new FakeTimeProvider());
    }

    [TearDown]
    public void DisposeHighlighter()
    {
        highlighter.Dispose();
        outcomes.Dispose();
        metrics.Dispose();
    }

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

    [TestCase('x', SyntaxHighlighter.MaxHighlightedBytes + 1)]
    [TestCase('é', SyntaxHighlighter.MaxHighlightedBytes / 2 + 1)]
    public void Text_of_more_bytes_than_the_limit_is_shown_plain(char character, int count)
    {
        var text = new string(character, count);

        var (html, language) = highlighter.Render(text, Languages.CSharp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(language, Is.Null);
            Assert.That(html.ToString(), Is.EqualTo(WebUtility.HtmlEncode(text)));
            Assert.That(outcomes.Seen, Is.Empty, "no colouring tried, nothing kept");
        }
    }

    [Test]
    public void Colouring_that_runs_past_its_budget_is_given_up_for_plain_text()
    {
        // A clock that jumps past the budget on its second reading: the deadline is set, then every piece is late.
        var clock = new SteppingTimeProvider(SyntaxHighlighter.Budget + TimeSpan.FromMilliseconds(1));
        var text = string.Concat(Enumerable.Repeat("int x = 1; // line\n", 100));

        using var slow = Create(clock);
        var (html, language) = slow.Render(text, Languages.CSharp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(language, Is.Null);
            Assert.That(html.ToString(), Is.EqualTo(text));
        }
    }

    [Test]
    public void A_match_that_backtracks_is_stopped_by_its_own_timeout_whatever_the_process_default()
    {
        // The clock stands still, so the budget never runs out: only the timeout of ColorCode's own regular
        // expressions, which this test process sets no default for, can stop the minutes this text takes as HTML.
        var crafted = string.Concat(Enumerable.Repeat("<a b=", 12_000));

        var (html, language) = highlighter.Render(crafted, Languages.Html);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(language, Is.Null);
            Assert.That(html.ToString(), Is.EqualTo(WebUtility.HtmlEncode(crafted)));
            Assert.That(outcomes.Seen, Is.EqualTo("over_budget"));
        }
    }

    [Test]
    public void A_second_view_of_the_same_text_in_the_same_language_is_not_coloured_again()
    {
        var first = highlighter.Render(Sample, Languages.CSharp);
        var second = highlighter.Render(Sample, Languages.CSharp);
        var otherLanguage = highlighter.Render(Sample, Languages.JavaScript);
        var otherText = highlighter.Render(Sample + " ", Languages.CSharp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Html.ToString(), Is.EqualTo(first.Html.ToString()));
            Assert.That(second.Language, Is.EqualTo(Languages.CSharp));
            Assert.That(otherLanguage.Language, Is.EqualTo(Languages.JavaScript));
            Assert.That(WebUtility.HtmlDecode(TagPattern().Replace(otherText.Html.ToString()!, string.Empty)), Is.EqualTo(Sample + " "));
            Assert.That(outcomes.Seen, Is.EqualTo("coloured cached coloured coloured"));
        }
    }

    [Test]
    public void Text_too_slow_to_colour_is_shown_plain_again_without_trying_again()
    {
        var clock = new SteppingTimeProvider(SyntaxHighlighter.Budget + TimeSpan.FromMilliseconds(1));
        var text = string.Concat(Enumerable.Repeat("int x = 1; // line\n", 100));
        using var slow = Create(clock);

        var first = slow.Render(text, Languages.CSharp);
        var second = slow.Render(text, Languages.CSharp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Language, Is.Null);
            Assert.That(second.Html.ToString(), Is.EqualTo(first.Html.ToString()).And.EqualTo(text));
            Assert.That(outcomes.Seen, Is.EqualTo("over_budget cached"));
        }
    }

    [Test]
    public async Task With_every_slot_taken_a_page_is_shown_plain_at_once()
    {
        using var clock = new HeldTimeProvider();
        using var oneSlot = Create(clock, maxConcurrentHighlights: 1);
        var holder = Task.Run(() => oneSlot.Render("int x = 1;\n", Languages.CSharp));
        Assert.That(clock.Entered.Wait(TimeSpan.FromSeconds(30)), Is.True, "the first page started colouring");

        var (html, language) = oneSlot.Render("int y = 2;\n", Languages.CSharp);
        clock.Release();
        var held = await holder;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(language, Is.Null);
            Assert.That(html.ToString(), Is.EqualTo("int y = 2;\n"));
            Assert.That(held.Language, Is.EqualTo(Languages.CSharp), "the page that held the slot is coloured");
            Assert.That(outcomes.Seen, Is.EqualTo("busy coloured"));
        }
    }

    [Test]
    public void With_no_slots_every_page_is_shown_plain()
    {
        using var none = Create(new FakeTimeProvider(), maxConcurrentHighlights: 0);

        var (html, language) = none.Render(Sample, Languages.CSharp);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(language, Is.Null);
            Assert.That(html.ToString(), Is.EqualTo(WebUtility.HtmlEncode(Sample)));
            Assert.That(outcomes.Seen, Is.EqualTo("busy"));
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

    private SyntaxHighlighter Create(TimeProvider clock, int maxConcurrentHighlights = 4) =>
        new(clock, Options.Create(new PagesSettings { MaxConcurrentHighlights = maxConcurrentHighlights }), metrics);

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

    /// <summary>A clock whose first reading, the start of a colouring, waits until <see cref="Release"/>: a slot held.</summary>
    private sealed class HeldTimeProvider : FakeTimeProvider, IDisposable
    {
        private readonly ManualResetEventSlim released = new();
        private int readings;

        public ManualResetEventSlim Entered { get; } = new();

        public override long GetTimestamp()
        {
            if (Interlocked.Increment(ref readings) == 1)
            {
                Entered.Set();
                released.Wait(TimeSpan.FromSeconds(30));
            }

            return base.GetTimestamp();
        }

        public void Release() => released.Set();

        public void Dispose()
        {
            released.Dispose();
            Entered.Dispose();
        }
    }

    /// <summary>The outcomes the highlighter counts, as <c>/metrics</c> publishes them, in the order they came.</summary>
    private sealed class Outcomes : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentQueue<string> seen = new();

        public Outcomes(PasteMetrics metrics)
        {
            listener.InstrumentPublished = (instrument, subscriber) =>
            {
                if (instrument.Meter == metrics.Meter && instrument.Name == "page.highlights")
                {
                    subscriber.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "outcome")
                    {
                        seen.Enqueue((string)tag.Value!);
                    }
                }
            });
            listener.Start();
        }

        /// <summary>The outcomes so far, separated by spaces.</summary>
        public string Seen => string.Join(' ', seen);

        public void Dispose() => listener.Dispose();
    }
}
