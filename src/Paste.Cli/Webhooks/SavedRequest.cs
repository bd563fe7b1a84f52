using System.Text;

namespace Paste.Cli.Webhooks;

/// <summary>
/// A raw HTTP request as <c>nc -l</c> or a receiver saves it: a request line, headers, a blank line, then the body,
/// which is every byte after the first blank line. Lines may end in CRLF or LF; header names are case-insensitive.
/// </summary>
public sealed class SavedRequest
{
    private readonly Dictionary<string, string> headers;

    private SavedRequest(Dictionary<string, string> headers, byte[] body)
    {
        this.headers = headers;
        Body = body;
    }

    public byte[] Body { get; }

    /// <summary>The header's value, or null when the request has none by that name.</summary>
    public string? Header(string name) => headers.GetValueOrDefault(name);

    /// <exception cref="UsageException">There is no blank line, or a line above it is neither the request line nor a header.</exception>
    public static SavedRequest Parse(ReadOnlySpan<byte> raw)
    {
        var (headEnd, bodyStart) = EndOfHead(raw);
        var lines = Encoding.Latin1.GetString(raw[..headEnd]).Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? previous = null;
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index];
            if (previous is not null && line.Length > 0 && line[0] is ' ' or '\t')
            {
                // An obsolete folded header: the line continues the header above it.
                headers[previous] += " " + line.Trim();
            }
            else if (AsHeader(line) is var (name, value))
            {
                // A repeated header's values are joined with a space, which is how webhook-signature lists several
                // signatures; repeating a single-valued header makes it fail to verify, as it should.
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + " " + value : value;
                previous = name;
            }
            else if (index > 0)
            {
                throw new UsageException($"Line {index + 1} of the saved request is neither its request line nor a header: {line}");
            }
        }

        return new SavedRequest(headers, raw[bodyStart..].ToArray());
    }

    /// <summary>Where the headers end and the body starts: at the first CRLFCRLF or LFLF, whichever comes first.</summary>
    private static (int HeadEnd, int BodyStart) EndOfHead(ReadOnlySpan<byte> raw)
    {
        var crlf = raw.IndexOf("\r\n\r\n"u8);
        var lf = raw.IndexOf("\n\n"u8);
        if (crlf < 0 && lf < 0)
        {
            throw new UsageException("The saved request has no blank line between its headers and its body.");
        }

        return lf < 0 || (crlf >= 0 && crlf < lf) ? (crlf, crlf + 4) : (lf, lf + 2);
    }

    /// <summary>The line as <c>Name: value</c>, or null when its part before the colon is not a header name.</summary>
    private static (string Name, string Value)? AsHeader(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || line.AsSpan(0, colon).ContainsAnyExceptInRange('!', '~'))
        {
            return null;
        }

        return (line[..colon], line[(colon + 1)..].Trim(' ', '\t'));
    }
}
