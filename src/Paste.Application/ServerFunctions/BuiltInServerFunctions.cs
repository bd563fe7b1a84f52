using System.Buffers;
using System.Globalization;

namespace Paste.Application.ServerFunctions;

/// <summary>The functions every server has without configuration; an operator function of the same name replaces one.</summary>
public static class BuiltInServerFunctions
{
    /// <summary>The demo function of the protocol: the server's current time.</summary>
    public const string TimeTest = "time_test";

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");

    public static bool IsValidName(string name) => name.Length is >= 1 and <= 64 && !name.AsSpan().ContainsAnyExcept(NameCharacters);

    /// <summary>The time as C's <c>ctime</c> writes it (and so Python's <c>time.ctime()</c>), in UTC: <c>Sat Mar 30 13:20:53 2024</c>.</summary>
    public static string CurrentTime(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{utc:ddd MMM} {utc.Day,2} {utc:HH:mm:ss yyyy}");
    }
}
