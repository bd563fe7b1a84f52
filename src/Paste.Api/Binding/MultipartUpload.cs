using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Paste.Api.Binding;

/// <summary>
/// A paste sent as <c>multipart/form-data</c>, as <c>curl -F file=@shot.png</c> and HTML forms send it: exactly one
/// part, a file (its own Content-Type is the declared type) or a field named <c>content</c> (text, type detected).
/// The whole body counts against the caller's size limit, and the part is spooled like any other paste body.
/// </summary>
internal static class MultipartUpload
{
    public const string ContentField = "content";
    public const string Refusal = "A multipart body must have exactly one part: a file, or a field named content";
    public const string MalformedMessage = "Malformed multipart body";

    /// <summary>RFC 2046 allows boundaries of up to 70 characters.</summary>
    private const int MaxBoundaryLength = 70;

    private const int MaxPartHeadersBytes = 16 * 1024;

    /// <summary>The boundary of a <c>multipart/form-data</c> Content-Type, or null for any other type.</summary>
    public static string? Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value ?? string.Empty
            : null;

    /// <summary>The one part as a paste, or null when the body is not one file or one content field.</summary>
    /// <exception cref="InvalidDataException">The body is not well-formed multipart.</exception>
    public static async Task<PasteUpload?> ReceiveAsync(HttpContext context, string boundary)
    {
        if (boundary.Length is 0 or > MaxBoundaryLength)
        {
            throw new InvalidDataException("Missing or overlong multipart boundary.");
        }

        var reader = new MultipartReader(boundary, RequestBody.WithinSizeLimit(context)) { HeadersLengthLimit = MaxPartHeadersBytes };
        try
        {
            var section = await reader.ReadNextSectionAsync(context.RequestAborted);
            if (section is null
                || !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var isFile = disposition.IsFileDisposition();
            if (!isFile && !HeaderUtilities.RemoveQuotes(disposition.Name).Equals(ContentField, StringComparison.Ordinal))
            {
                return null;
            }

            var content = await RequestBody.SpoolAsync(context, section.Body, length: null);
            if (await reader.ReadNextSectionAsync(context.RequestAborted) is not null)
            {
                return null;
            }

            return new PasteUpload(content, isFile ? section.ContentType : null);
        }
        catch (IOException exception) when (exception is not BadHttpRequestException)
        {
            // The reader's own complaint about the framing (a missing final boundary, say); a broken transfer or a
            // body over the limit is not caught here and gets its own answer.
            throw new InvalidDataException(exception.Message, exception);
        }
    }
}
