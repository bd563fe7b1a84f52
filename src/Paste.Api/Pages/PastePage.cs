using System.Globalization;
using Microsoft.AspNetCore.Html;
using Paste.Api.Contracts;
using Paste.Application.Pastes;
using Paste.Domain.Pastes;

namespace Paste.Api.Pages;

/// <summary>What the paste page shows: the facts, then the text (coloured), the image, or a download link.</summary>
/// <param name="Paste">The paste's metadata.</param>
/// <param name="Url">The paste's address, for the QR code and for copying.</param>
/// <param name="Text">The text as HTML for a pre element, escaped; null for binary content or text too large to show.</param>
/// <param name="Lines">How many lines the text has, for the line numbers.</param>
/// <param name="Language">The language the text is coloured in, or null when it is shown plain.</param>
/// <param name="QrCode">A QR code of <paramref name="Url"/> as a data URI.</param>
public sealed record PastePage(PasteMetadata Paste, string Url, IHtmlContent? Text, int Lines, string? Language, string QrCode)
{
    public string RawPath => PasteRoutes.Raw(Paste.Id);

    /// <summary>
    /// Images are shown from <see cref="RawPath"/>; SVG is active content and is shown as its source instead. A
    /// view-limited image is not shown: loading it would spend one of its reads.
    /// </summary>
    public bool IsImage => Text is null && Paste.ViewsLeft is null && Paste.MimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
        && !MimeTypes.IsActiveContent(Paste.MimeType);

    /// <summary>False once the paste's own deadline, not its last read, sets its expiry.</summary>
    public bool ExpiresLaterIfRead => Paste.Deadline != Paste.ExpiresAt;

    public static PastePage From(PasteView view, string baseUrl, string? requestedLanguage, SyntaxHighlighter highlighter)
    {
        var url = baseUrl + PasteRoutes.Paste(view.Metadata.Id);
        if (view.Text is not { } text || MimeTypes.IsBinaryFormat(view.Metadata.MimeType))
        {
            return new PastePage(view.Metadata, url, null, 0, null, QrCodes.SvgDataUri(url));
        }

        var (html, language) = highlighter.Render(text, SyntaxHighlighter.LanguageFor(view.Metadata.MimeType, requestedLanguage));
        return new PastePage(view.Metadata, url, html, CountLines(text), language?.Name, QrCodes.SvgDataUri(url));
    }

    /// <summary>Bytes in the unit people read: "512 bytes", "1.5 KiB", "3.0 MiB".</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => bytes == 1 ? "1 byte" : $"{bytes} bytes",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };

    /// <summary>A time as the pages show it, in UTC so that every reader sees the same one.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A final line break ends the last line rather than starting an empty one.</summary>
    private static int CountLines(string text)
    {
        var breaks = text.AsSpan().Count('\n');
        return text.EndsWith('\n') ? Math.Max(breaks, 1) : breaks + 1;
    }
}
