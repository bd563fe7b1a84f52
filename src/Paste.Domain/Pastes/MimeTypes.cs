namespace Paste.Domain.Pastes;

/// <summary>
/// Decides a paste's media type: magic bytes first, then an explicit (non-generic) declared type,
/// then UTF-8 text, then opaque binary.
/// </summary>
public static class MimeTypes
{
    public const string PlainText = "text/plain";
    public const string OctetStream = "application/octet-stream";

    private static readonly (byte[] Prefix, string MimeType)[] Signatures =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ("GIF87a"u8.ToArray(), "image/gif"),
        ("GIF89a"u8.ToArray(), "image/gif"),
        ([(byte)'P', (byte)'K', 0x03, 0x04], "application/zip"),
        ("%PDF"u8.ToArray(), "application/pdf"),
        ([0x1F, 0x8B], "application/gzip"),
    ];

    /// <summary>Types that say nothing about the content: curl's form default, raw bytes, and charset-less plain text.</summary>
    private static readonly HashSet<string> GenericTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/x-www-form-urlencoded",
        OctetStream,
        PlainText,
    };

    /// <summary>Types a browser would execute or render as a document; served only as downloads.</summary>
    private static readonly HashSet<string> ActiveTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/xsl",
        "application/xslt+xml",
    };

    public static string Detect(ContentInspection content, string? declaredContentType)
    {
        var signature = DetectSignature(content.Header);
        if (signature is not null)
        {
            return signature;
        }

        var declared = NormalizeDeclared(declaredContentType);
        if (declared is not null)
        {
            return declared;
        }

        return content.IsUtf8 ? PlainText : OctetStream;
    }

    public static string? DetectSignature(ReadOnlySpan<byte> content)
    {
        foreach (var (prefix, mimeType) in Signatures)
        {
            if (content.StartsWith(prefix))
            {
                return mimeType;
            }
        }

        // WebP is RIFF with "WEBP" after the 4-byte chunk size.
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }

    /// <summary>
    /// Reduces a Content-Type header to its lower-cased media type, or null when it is generic or malformed.
    /// A charset on text/plain makes it explicit; any other parameter is dropped.
    /// </summary>
    public static string? NormalizeDeclared(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        // Only the whitespace HTTP allows around a value, and the characters are checked before lower-casing:
        // some non-ASCII letters (the Kelvin sign) lower-case to ASCII ones.
        var separator = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (separator < 0 ? contentType : contentType[..separator]).Trim(' ', '\t');
        if (!IsWellFormedMediaType(mediaType))
        {
            return null;
        }

        mediaType = mediaType.ToLowerInvariant();

        var hasParameters = separator >= 0 && contentType.AsSpan(separator + 1).Trim().Length > 0;
        if (GenericTypes.Contains(mediaType) && !(mediaType == PlainText && hasParameters && HasCharset(contentType[(separator + 1)..])))
        {
            return null;
        }

        return mediaType;
    }

    public static bool IsActiveContent(string mimeType) =>
        ActiveTypes.Contains(mimeType) || mimeType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Formats recognised by their magic bytes, and opaque binary: never text, even when their bytes happen to be
    /// valid UTF-8 (a small zip can be).
    /// </summary>
    public static bool IsBinaryFormat(string mimeType) =>
        mimeType.Equals(OctetStream, StringComparison.OrdinalIgnoreCase)
        || mimeType.Equals("image/webp", StringComparison.OrdinalIgnoreCase)
        || Signatures.Any(signature => signature.MimeType.Equals(mimeType, StringComparison.OrdinalIgnoreCase));

    /// <summary>Images and text may be shown in the browser; everything else, and active content, is a download.</summary>
    public static bool IsSafeInline(string mimeType) =>
        !IsActiveContent(mimeType)
        && (mimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || mimeType.StartsWith("text/", StringComparison.OrdinalIgnoreCase));

    private static bool HasCharset(string parameters) =>
        parameters.Split(';').Any(p => p.Trim().StartsWith("charset=", StringComparison.OrdinalIgnoreCase));

    /// <summary>type "/" subtype, both RFC 9110 tokens, at most 127 characters: nothing else is ever echoed back.</summary>
    private static bool IsWellFormedMediaType(string mediaType)
    {
        if (mediaType.Length is 0 or > 127)
        {
            return false;
        }

        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == mediaType.Length - 1)
        {
            return false;
        }

        for (var i = 0; i < mediaType.Length; i++)
        {
            if (i != slash && !IsTokenChar(mediaType[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
