using System.Globalization;
using System.Text;

namespace Paste.Api.Tests.Support;

/// <summary>An HTTP/1.1 response as read off a socket: its status and its body, de-chunked.</summary>
public sealed record RawResponse(int Status, string Head, string Body)
{
    /// <summary>
    /// The final response in <paramref name="text"/>, after any interim ones (<c>100 Continue</c>); fails the test when
    /// there is none, complete to the end of its headers.
    /// </summary>
    public static RawResponse Parse(string text)
    {
        while (text.StartsWith("HTTP/1.1 1", StringComparison.Ordinal) && text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var interimEnd and > 0)
        {
            text = text[(interimEnd + 4)..];
        }

        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.That(headerEnd, Is.GreaterThan(0), $"no complete response: {text}");
        var head = text[..headerEnd];
        var body = text[(headerEnd + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new RawResponse(int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture), head, body);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
