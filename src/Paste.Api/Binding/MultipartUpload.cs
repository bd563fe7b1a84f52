using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Paste.Api.Binding;

/// <summary>
/// A paste sent as <c>multipart/form-data</c>, as <c>curl -F file=@shot.png</c> and HTML forms send it: one non-empty
/// part, a file (its own Content-Type is the declared type) or a field named <c>content</c> (text, type detected),
/// and optionally the fields <c>expires_in</c>, <c>max_views</c> and <c>burn_after_reading</c> (<see cref="CreateOptions"/>).
/// Empty parts are what a browser sends for the form's unused control (an empty text area, no file chosen) and are
/// skipped. The whole body counts against the caller's size limit, and the part is spooled like any other paste body.
/// </summary>
internal static class MultipartUpload
{
    public const string ContentField = "content";
    public const string Refusal =
        "A multipart body must have exactly one non-empty part with content (a file, or a field named content), besides expires_in, max_views and burn_after_reading";
    public const string MalformedMessage = "Malformed multipart body";

    /// <summary>RFC 2046 allows boundaries of up to 70 characters.</summary>
    private const int MaxBoundaryLength = 70;

    private const int MaxPartHeadersBytes = 16 * 1024;

    /// <summary>The create form sends five parts; a body of many empty parts is not a form anyone filled in.</summary>
    private const int MaxParts = 8;

    /// <summary>An option's value is a number or a flag; anything longer is not one.</summary>
    private const int MaxOptionBytes = 32;

    /// <summary>The boundary of a <c>multipart/form-data</c> Content-Type, or null for any other type.</summary>
    public static string? Boundary(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value ?? string.Empty
            : null;

    /// <summary>
    /// The one non-empty part as a paste (an empty one when every part is empty, so that the usual "no content" answer
    /// applies), or null when a part is neither a file nor the content field, or more than one has content.
    /// </summary>
    /// <exception cref="InvalidDataException">The body is not well-formed multipart.</exception>
    public static async Task<PasteUpload?> ReceiveAsync(HttpContext context, string boundary, ModelStateDictionary modelState)
    {
        if (boundary.Length is 0 or > MaxBoundaryLength)
        {
            throw new InvalidDataException("Missing or overlong multipart boundary.");
        }

        var reader = new MultipartReader(boundary, RequestBody.WithinSizeLimit(context)) { HeadersLengthLimit = MaxPartHeadersBytes };
        try
        {
            PasteUpload? chosen = null;
            PasteUpload? empty = null;
            var options = CreateOptions.None;
            var parts = 0;
            while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
            {
                if (++parts > MaxParts
                    || !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                var isFile = HasFileName(disposition);
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (!isFile && name is CreateOptions.ExpiresInMember or CreateOptions.MaxViewsMember or CreateOptions.BurnMember)
                {
                    options = options.Or(CreateOptions.FromField(name, await ReadOptionAsync(context, section), modelState));
                    continue;
                }

                if (!isFile && !string.Equals(name, ContentField, StringComparison.Ordinal))
                {
                    return null;
                }

                var upload = new PasteUpload(await RequestBody.SpoolAsync(context, section.Body, length: null), isFile ? section.ContentType : null, CreateOptions.None);
                if (upload.Content.Length == 0)
                {
                    empty ??= upload;
                }
                else if (chosen is null)
                {
                    chosen = upload;
                }
                else
                {
                    return null;
                }
            }

            return (chosen ?? empty) is { } paste ? paste with { Options = options } : null;
        }
        catch (IOException exception) when (exception is not BadHttpRequestException)
        {
            // The reader's own complaint about the framing (a missing final boundary, say); a broken transfer or a
            // body over the limit is not caught here and gets its own answer.
            throw new InvalidDataException(exception.Message, exception);
        }
    }

    private static async Task<string> ReadOptionAsync(HttpContext context, MultipartSection section)
    {
        var value = new byte[MaxOptionBytes + 1];
        var length = await section.Body.ReadAtLeastAsync(value, value.Length, throwOnEndOfStream: false, context.RequestAborted);
        return length > MaxOptionBytes ? "(too long)" : System.Text.Encoding.UTF8.GetString(value, 0, length);
    }

    /// <summary>A file input with no file chosen still sends <c>filename=""</c>: the parameter, not its value, makes a file part.</summary>
    private static bool HasFileName(ContentDispositionHeaderValue disposition) =>
        disposition.Parameters.Any(parameter =>
            parameter.Name.Equals("filename", StringComparison.OrdinalIgnoreCase) || parameter.Name.Equals("filename*", StringComparison.OrdinalIgnoreCase));
}
