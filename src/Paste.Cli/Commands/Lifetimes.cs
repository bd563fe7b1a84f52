using System.CommandLine.Parsing;
using System.Globalization;

namespace Paste.Cli.Commands;

/// <summary>A lifetime as people type it: <c>90</c> (seconds), <c>90s</c>, <c>10m</c>, <c>2h</c>, <c>7d</c>.</summary>
public static class Lifetimes
{
    /// <summary>The lifetime in whole seconds; an error on the option when it is none.</summary>
    public static long? ParseSeconds(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : string.Empty;
        if (TryParseSeconds(text, out var seconds))
        {
            return seconds;
        }

        result.AddError($"--expires-in: \"{text}\" is not a lifetime such as 3600, 10m, 2h or 7d.");
        return null;
    }

    public static bool TryParseSeconds(string text, out long seconds)
    {
        seconds = 0;
        if (text.Length == 0)
        {
            return false;
        }

        var unit = char.ToLowerInvariant(text[^1]);
        var (number, scale) = unit switch
        {
            's' => (text[..^1], 1L),
            'm' => (text[..^1], 60L),
            'h' => (text[..^1], 3600L),
            'd' => (text[..^1], 86400L),
            _ => (text, 1L),
        };
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0 || count > long.MaxValue / scale)
        {
            return false;
        }

        seconds = count * scale;
        return true;
    }
}
