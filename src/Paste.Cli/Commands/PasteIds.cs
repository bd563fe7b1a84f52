namespace Paste.Cli.Commands;

/// <summary>What people pass as an id: the id itself, or the paste's whole URL copied from somewhere.</summary>
public static class PasteIds
{
    public static string FromArgument(string argument)
    {
        var trimmed = argument.Trim();
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            var segments = url.AbsolutePath.Trim('/').Split('/');
            return segments.Length == 2 && segments[1] == "raw" ? segments[0] : segments[^1];
        }

        return trimmed;
    }
}
