using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Paste.Api.Protection;

/// <summary>
/// One window of a rate limit: at most <see cref="Permits"/> requests in each <see cref="Period"/>. <see cref="Text"/>
/// is the window as the operator wrote it, in Flask-Limiter's notation: "200 per day", "1/second", "10 per 5 minutes".
/// </summary>
public sealed partial record RateLimitWindow(int Permits, TimeSpan Period, string Text)
{
    /// <summary>The window of the older one-number settings, such as <c>RequestsPerMinute</c>.</summary>
    public static RateLimitWindow PerMinute(int permits) =>
        new(permits, TimeSpan.FromMinutes(1), string.Create(CultureInfo.InvariantCulture, $"{permits} per minute"));

    /// <summary>A window that <see cref="TryParse"/> reads, or <see cref="FormatException"/>.</summary>
    public static RateLimitWindow Parse(string text) =>
        TryParse(text, out var window) ? window : throw new FormatException(NotAWindow(text));

    /// <summary>Why a setting is refused: the value as written and what a window looks like.</summary>
    public static string NotAWindow(string? text) => $"\"{text}\" is not a rate limit such as \"50 per hour\"";

    /// <summary>
    /// Reads a window as Flask-Limiter does (count, "/" or "per", optional multiplier, unit, any case and spacing),
    /// with units from second to day; count and multiplier are positive whole numbers.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RateLimitWindow? window)
    {
        window = null;
        if (text is null)
        {
            return false;
        }

        var match = Notation().Match(text);
        var multiplier = 1;
        if (!match.Success
            || !int.TryParse(match.Groups["permits"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var permits) || permits < 1
            || (match.Groups["multiplier"] is { Success: true } written
                && (!int.TryParse(written.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out multiplier) || multiplier < 1)))
        {
            return false;
        }

        var unitSeconds = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "second" => 1L,
            "minute" => 60L,
            "hour" => 3600L,
            _ => 86400L,
        };

        // A multiplier in days can pass what a TimeSpan holds; such a period is not a window anyone means.
        var seconds = multiplier * unitSeconds;
        if (seconds > (long)TimeSpan.MaxValue.TotalSeconds)
        {
            return false;
        }

        window = new RateLimitWindow(permits, TimeSpan.FromSeconds(seconds), text.Trim());
        return true;
    }

    [GeneratedRegex(@"^\s*(?<permits>[0-9]+)\s*(/|per)\s*((?<multiplier>[0-9]+)\s*)?(?<unit>second|minute|hour|day)s?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Notation();
}
