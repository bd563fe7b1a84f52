using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ColorCode;
using ColorCode.Common;
using ColorCode.Compilation;
using ColorCode.Parsing;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Api.Pages;

/// <summary>
/// Text as HTML: escaped always, coloured by ColorCode when a language is known. The language comes from
/// <c>?lang=</c> when it names one, else from the paste's type; anything else is shown plain.
/// </summary>
/// <remarks>
/// ColorCode's regular expressions run on the request, on text anyone can send, and some backtrack without end on
/// crafted input (ten kilobytes of <c>&lt;a b=</c> take minutes as HTML). So colouring is bounded four ways, and past
/// any of them the page shows the text plain: the text's size (<see cref="MaxHighlightedBytes"/>); a time
/// <see cref="Budget"/> for the whole text, of which <see cref="RegexMatchTimeout"/> is the last part, so that the
/// match running at the deadline also ends within it; how many pages are coloured at once
/// (<see cref="PagesSettings.MaxConcurrentHighlights"/>, past which a page is shown plain rather than wait); and a
/// cache of what each text and language came to, the verdict "too slow" included, so that viewing the same page
/// again costs no colouring at all.
/// </remarks>
public sealed class SyntaxHighlighter : IDisposable
{
    public const int MaxHighlightedBytes = 64 * 1024;

    /// <summary>
    /// How long any one match of ColorCode's regular expressions may take. A match on honest text takes microseconds;
    /// only a backtracking one comes near this.
    /// </summary>
    public static readonly TimeSpan RegexMatchTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>The most one page's colouring may take, wall-clock time, which bounds its processor time too.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a colouring is kept: repeated views within it cost nothing, and the text of a paste deleted since
    /// stays in memory no longer. A "too slow" verdict that a busy moment caused is tried again after it too.
    /// </summary>
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(10);

    /// <summary>What an entry costs besides its HTML: the key (a language and a SHA-256 in hex) and the entry itself.</summary>
    private const int EntryOverheadBytes = 256;

    /// <summary>One for the process: each language is compiled once, on its first use.</summary>
    private static readonly TimedLanguageCompiler Compiler = new();

    private static readonly LanguageParser Parser = new(Compiler, new KnownLanguages());

    /// <summary>The languages compiled and run once in this process, each with the languages nested in it.</summary>
    private static readonly ConcurrentDictionary<string, bool> Prepared = new(StringComparer.OrdinalIgnoreCase);

    private readonly TimeProvider timeProvider;
    private readonly MemoryCache colourings;
    private readonly SemaphoreSlim? slots;
    private readonly Counter<long> highlights;

    private static readonly Dictionary<string, string> LanguagesByMediaType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/javascript"] = LanguageId.JavaScript,
        ["text/javascript"] = LanguageId.JavaScript,
        ["application/json"] = LanguageId.Json,
        ["text/css"] = LanguageId.Css,
        ["text/html"] = LanguageId.Html,
        ["application/xhtml+xml"] = LanguageId.Html,
        ["text/xml"] = LanguageId.Xml,
        ["application/xml"] = LanguageId.Xml,
        ["image/svg+xml"] = LanguageId.Xml,
        ["text/x-csharp"] = LanguageId.CSharp,
        ["text/x-python"] = LanguageId.Python,
        ["text/x-script.python"] = LanguageId.Python,
        ["application/x-python"] = LanguageId.Python,
        ["text/x-java"] = LanguageId.Java,
        ["text/x-java-source"] = LanguageId.Java,
        ["text/x-c"] = LanguageId.Cpp,
        ["text/x-csrc"] = LanguageId.Cpp,
        ["text/x-c++"] = LanguageId.Cpp,
        ["text/x-c++src"] = LanguageId.Cpp,
        ["application/sql"] = LanguageId.Sql,
        ["text/x-sql"] = LanguageId.Sql,
        ["text/x-php"] = LanguageId.Php,
        ["application/x-httpd-php"] = LanguageId.Php,
        ["text/markdown"] = LanguageId.Markdown,
        ["text/x-markdown"] = LanguageId.Markdown,
        ["application/typescript"] = LanguageId.TypeScript,
        ["text/typescript"] = LanguageId.TypeScript,
        ["text/x-powershell"] = LanguageId.PowerShell,
        ["text/x-fsharp"] = LanguageId.FSharp,
        ["text/x-haskell"] = LanguageId.Haskell,
        ["text/x-fortran"] = LanguageId.Fortran,
        ["text/x-matlab"] = LanguageId.MatLab,
        ["text/x-vb"] = LanguageId.VbDotNet,
    };

    /// <summary>The names people type for <c>?lang=</c> besides ColorCode's own ids (<c>c#</c>, <c>javascript</c>, ...).</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cs"] = LanguageId.CSharp,
        ["csharp"] = LanguageId.CSharp,
        ["js"] = LanguageId.JavaScript,
        ["ts"] = LanguageId.TypeScript,
        ["py"] = LanguageId.Python,
        ["c"] = LanguageId.Cpp,
        ["c++"] = LanguageId.Cpp,
        ["md"] = LanguageId.Markdown,
        ["ps1"] = LanguageId.PowerShell,
        ["fs"] = LanguageId.FSharp,
        ["fsharp"] = LanguageId.FSharp,
        ["vb"] = LanguageId.VbDotNet,
        ["hs"] = LanguageId.Haskell,
    };

    public SyntaxHighlighter(TimeProvider timeProvider, IOptions<PagesSettings> settings, PasteMetrics metrics)
    {
        this.timeProvider = timeProvider;
        colourings = new MemoryCache(new MemoryCacheOptions { SizeLimit = settings.Value.HighlightCacheBytes });
        var maxConcurrent = settings.Value.MaxConcurrentHighlights;
        slots = maxConcurrent > 0 ? new SemaphoreSlim(maxConcurrent, maxConcurrent) : null;
        highlights = metrics.Meter.CreateCounter<long>(
            "page.highlights", "{page}", "Pages of text in a known language, by how their colours came: coloured, cached, over_budget (shown plain) or busy (shown plain).");
    }

    /// <summary>The language to colour <paramref name="mediaType"/> text in: <paramref name="requested"/> when ColorCode knows it.</summary>
    public static ILanguage? LanguageFor(string mediaType, string? requested)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return Languages.FindById(Aliases.GetValueOrDefault(requested.Trim(), requested.Trim()));
        }

        return LanguagesByMediaType.TryGetValue(mediaType, out var id) ? Languages.FindById(id) : null;
    }

    /// <summary>
    /// The text's HTML for inside a <c>pre</c> element, and the language it is coloured in: ColorCode's spans when
    /// <paramref name="language"/> is given and the text is coloured within bounds, else the text escaped (and no
    /// language). Either way every character of the paste is escaped.
    /// </summary>
    public (IHtmlContent Html, ILanguage? Language) Render(string text, ILanguage? language)
    {
        // Each character is at least one byte: a longer text is over the limit without counting its bytes.
        if (language is not null && text.Length <= MaxHighlightedBytes && Encoding.UTF8.GetByteCount(text) <= MaxHighlightedBytes
            && Colouring(text, language) is { } highlighted)
        {
            return (new HtmlString(highlighted), language);
        }

        return (new HtmlString(WebUtility.HtmlEncode(text)), null);
    }

    public void Dispose()
    {
        colourings.Dispose();
        slots?.Dispose();
    }

    /// <summary>The text's coloured HTML from the cache or, when a slot is free, from ColorCode; null to show it plain.</summary>
    private string? Colouring(string text, ILanguage language)
    {
        // A cryptographic hash: with a weaker one, a paste made to collide with another could put its colours on it.
        var key = language.Id + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (colourings.TryGetValue(key, out CachedColouring? cached) && cached is not null)
        {
            Count("cached");
            return cached.Html;
        }

        if (slots is null || !slots.Wait(0))
        {
            // Not kept: the next view may find a slot free.
            Count("busy");
            return null;
        }

        string? html;
        try
        {
            html = ColourWithinBudget(text, language);
        }
        finally
        {
            slots.Release();
        }

        Count(html is null ? "over_budget" : "coloured");
        colourings.Set(key, new CachedColouring(html), new MemoryCacheEntryOptions
        {
            Size = EntryOverheadBytes + (html?.Length ?? 0) * (long)sizeof(char),
            AbsoluteExpirationRelativeToNow = CacheLifetime,
        });
        return html;
    }

    private string? ColourWithinBudget(string text, ILanguage language)
    {
        // Compiling a language, and the first run of the code that colours it, are the process's cost, once, not this
        // text's: charged to the budget on a busy machine, they would show the first text in each language plain, and
        // cache that verdict.
        Prepared.GetOrAdd(language.Id, _ =>
        {
            Compiler.CompileWithNested(language);
            return new HtmlClassFormatter(languageParser: Parser).GetHtmlString("x", language) is not null;
        });

        // Pieces may start until the budget less one match's timeout: the match under way then ends within the budget.
        var deadline = timeProvider.GetTimestamp() + (long)((Budget - RegexMatchTimeout).TotalSeconds * timeProvider.TimestampFrequency);
        try
        {
            return Unwrap(new BudgetedFormatter(timeProvider, deadline).GetHtmlString(text, language));
        }
        catch (Exception exception) when (exception is RegexMatchTimeoutException or TimeoutException)
        {
            return null;
        }
    }

    private void Count(string outcome) => highlights.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>ColorCode hands its output over piece by piece as it parses; each piece is a chance to stop.</summary>
    private sealed class BudgetedFormatter(TimeProvider timeProvider, long deadline) : HtmlClassFormatter(languageParser: Parser)
    {
        protected override void Write(string parsedSourceCode, IList<Scope> scopes)
        {
            if (timeProvider.GetTimestamp() > deadline)
            {
                throw new TimeoutException("Colouring took longer than its budget.");
            }

            base.Write(parsedSourceCode, scopes);
        }
    }

    /// <summary>
    /// ColorCode's compiler, with each language's regular expression built again with <see cref="RegexMatchTimeout"/>:
    /// ColorCode sets no timeout of its own, and a low default for the whole process would reach the framework's
    /// regular expressions too (a connection string's, checked at start-up on a busy machine, say).
    /// </summary>
    private sealed class TimedLanguageCompiler : ILanguageCompiler
    {
        private readonly LanguageCompiler compiler = new(new Dictionary<string, CompiledLanguage>(), new ReaderWriterLockSlim());
        private readonly ConcurrentDictionary<string, CompiledLanguage> compiled = new();

        public CompiledLanguage Compile(ILanguage language) => compiled.GetOrAdd(language.Id, _ =>
        {
            var untimed = compiler.Compile(language);
            var timed = new Regex(untimed.Regex.ToString(), untimed.Regex.Options, RegexMatchTimeout);

            // The first match builds the matcher's code; done here, it is part of compiling, not of a text's colouring.
            timed.Match(string.Empty);
            return new CompiledLanguage(untimed.Id, untimed.Name, timed, untimed.Captures);
        });

        /// <summary>Compiles <paramref name="language"/> and every language its rules hand text over to (script in HTML, say).</summary>
        public void CompileWithNested(ILanguage language)
        {
            var pending = new Stack<ILanguage>([language]);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (pending.TryPop(out var next))
            {
                if (!seen.Add(next.Id))
                {
                    continue;
                }

                Compile(next);
                foreach (var scope in next.Rules.SelectMany(rule => rule.Captures.Values))
                {
                    // ColorCode leaves a group with no scope of its own null.
                    if (scope is not null && scope.StartsWith(ScopeName.LanguagePrefix, StringComparison.Ordinal)
                        && Languages.FindById(scope[ScopeName.LanguagePrefix.Length..]) is { } nested)
                    {
                        pending.Push(nested);
                    }
                }
            }
        }
    }

    /// <summary>ColorCode's own languages, for the parser to find the ones nested in others (script in HTML, say).</summary>
    private sealed class KnownLanguages : ILanguageRepository
    {
        public IEnumerable<ILanguage> All => Languages.All;

        public ILanguage FindById(string languageId) => Languages.FindById(languageId);

        public void Load(ILanguage language) => Languages.Load(language);
    }

    /// <summary>What a text and language came to: its coloured HTML, or null when it is shown plain.</summary>
    private sealed record CachedColouring(string? Html);

    /// <summary>ColorCode wraps its spans in a div and a pre of its own, each tag on its own line; the page has its own pre.</summary>
    private static string? Unwrap(string html)
    {
        var open = "<pre>" + Environment.NewLine;
        var close = Environment.NewLine + "</pre></div>";
        var start = html.IndexOf(open, StringComparison.Ordinal);
        return start >= 0 && html.EndsWith(close, StringComparison.Ordinal) && html.Length - close.Length >= start + open.Length
            ? html[(start + open.Length)..^close.Length]
            : null;
    }
}
