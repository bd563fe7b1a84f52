using System.Globalization;
using Paste.Application.Common;

namespace Paste.Api.Hosting;

/// <summary>
/// An environment variable of FlaskPaste's that Paste reads as one of its own settings, with how FlaskPaste's value
/// becomes the setting's: <see cref="Convert"/> returns null when FlaskPaste would not have accepted it either.
/// </summary>
public sealed record FlaskPasteVariable(string Name, string Key, string Expected, Func<string, string?> Convert)
{
    private const string Prefix = PasteOptions.SectionName + ":";

    /// <summary>FlaskPaste's operator settings that have a Paste equivalent.</summary>
    public static readonly IReadOnlyList<FlaskPasteVariable> All =
    [
        new("FLASKPASTE_MAX_ANON", Prefix + nameof(PasteOptions.MaxAnonymousBytes), "a whole number of bytes, such as 3145728", Bytes),
        new("FLASKPASTE_MAX_AUTH", Prefix + nameof(PasteOptions.MaxAuthenticatedBytes), "a whole number of bytes, such as 52428800", Bytes),
        new("FLASKPASTE_EXPIRY", Prefix + nameof(PasteOptions.Expiry), "a whole number of seconds, such as 432000", Seconds),
        new("FLASKPASTE_PROXY_SECRET", Prefix + nameof(PasteOptions.ProxySecret), "any text", secret => secret),
    ];

    /// <summary>What FlaskPaste's <c>int()</c> takes: digits with an optional sign and surrounding blanks.</summary>
    private const NumberStyles WholeNumber = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign;

    /// <summary>A count of bytes stays a count of bytes; the range is the setting's own rule, checked with the others.</summary>
    private static string? Bytes(string value) =>
        long.TryParse(value, WholeNumber, CultureInfo.InvariantCulture, out var bytes) ? bytes.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>FlaskPaste counts seconds where Paste reads a duration: 3600 becomes 01:00:00, never 3600 days.</summary>
    private static string? Seconds(string value) =>
        long.TryParse(value, WholeNumber, CultureInfo.InvariantCulture, out var seconds)
        && Math.Abs(seconds) <= (long)TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture)
            : null;
}
