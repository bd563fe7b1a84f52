using System.Net;
using System.Text.RegularExpressions;
using ColorCode;
using ColorCode.Common;
using ColorCode.Parsing;
using Microsoft.AspNetCore.Html;

namespace Paste.Api.Pages;

/// <summary>
/// Text as HTML: escaped always, coloured by ColorCode when a language is known. The language comes from
/// <c>?lang=</c> when it names one, else from the paste's type; anything else is shown plain.
/// </summary>
/// <remarks>
/// ColorCode's regular expressions run on the request, on text anyone can send, and some backtrack without end on
/// crafted input (ten kilobytes of <c>&lt;a b=</c> take minutes as HTML). So colouring has a budget: the text's
/// length, a time limit for the whole text, and <see cref="RegexMatchTimeout"/> for any one match. Past any of
/// them the page shows the text plain.
/// </remarks>
public sealed class SyntaxHighlighter(TimeProvider timeProvider)
{
    public const int MaxHighlightedChars = 64 * 1024;

    /// <summary>
    /// The process's default for regular expressions that set no timeout of their own, ColorCode's among them.
    /// Set before any is built (<c>Program</c> does, first): the runtime reads it once.
    /// </summary>
    public static readonly TimeSpan RegexMatchTimeout = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(250);

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
    /// <paramref name="language"/> is given and the text is coloured within budget, else the text escaped (and no
    /// language). Either way every character of the paste is escaped.
    /// </summary>
    public (IHtmlContent Html, ILanguage? Language) Render(string text, ILanguage? language)
    {
        if (language is not null && text.Length <= MaxHighlightedChars)
        {
            try
            {
                var formatter = new BudgetedFormatter(timeProvider, timeProvider.GetTimestamp() + (long)(Budget.TotalSeconds * timeProvider.TimestampFrequency));
                if (Unwrap(formatter.GetHtmlString(text, language)) is { } highlighted)
                {
                    return (new HtmlString(highlighted), language);
                }
            }
            catch (Exception exception) when (exception is RegexMatchTimeoutException or TimeoutException)
            {
                // Over budget: shown plain, like text too long to colour.
            }
        }

        return (new HtmlString(WebUtility.HtmlEncode(text)), null);
    }

    /// <summary>ColorCode hands its output over piece by piece as it parses; each piece is a chance to stop.</summary>
    private sealed class BudgetedFormatter(TimeProvider timeProvider, long deadline) : HtmlClassFormatter
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
