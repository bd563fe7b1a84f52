using System.Buffers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Paste.Api.Errors;
using Paste.Api.Middleware;
using Paste.Application.Pastes;
using Paste.Domain.Pastes;

namespace Paste.Api.Controllers;

/// <summary>
/// Serves a paste's bytes with its stored type. Only images and text are shown inline; active content (HTML, SVG, XML)
/// and everything else is a download, and the sandbox keeps any of it from running on our origin. The entity tag and
/// the digest are the SHA-256 kept since the create, so no read hashes anything; a view-limited paste, whose metadata
/// withholds that fingerprint, has neither. A single byte range is served from storage without reading what comes
/// before it.
/// </summary>
public sealed class PasteContentResult(PasteContent paste) : IActionResult
{
    public const string SandboxedContentSecurityPolicy = SecurityHeadersMiddleware.DefaultContentSecurityPolicy + "; sandbox";

    private const int CopyBufferBytes = 64 * 1024;

    /// <summary>The versions named in If-None-Match (hex SHA-256, or <c>*</c> for any), as the content query takes them.</summary>
    public static IReadOnlyCollection<string> HeldVersions(HttpRequest request) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
            ? [.. tags.Select(tag => tag.Equals(EntityTagHeaderValue.Any) ? GetPasteContentHandler.AnyVersion : HeaderUtilities.RemoveQuotes(tag.Tag).ToString())]
            : [];

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var request = context.HttpContext.Request;
        var response = context.HttpContext.Response;
        var metadata = paste.Metadata;
        await using var content = paste.Content;

        var entityTag = metadata.Sha256 is null ? null : new EntityTagHeaderValue($"\"{metadata.Sha256}\"");
        response.Headers.ETag = entityTag?.ToString();
        response.Headers.ContentSecurityPolicy = SandboxedContentSecurityPolicy;

        // A view-limited paste is read whole or not at all: a range would spend one of its reads on a part of it.
        response.Headers.AcceptRanges = metadata.ViewsLeft is null ? "bytes" : "none";
        // HEAD as GET: a client that holds this content gets 304 for either.
        if (paste.Held)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = metadata.MimeType;
        response.Headers.ContentDisposition = MimeTypes.IsSafeInline(metadata.MimeType)
            ? "inline"
            : new ContentDispositionHeaderValue("attachment") { FileName = metadata.Id }.ToString();

        if (metadata.ViewsLeft is null && RequestedRange(request, entityTag, metadata.Size) is { } range)
        {
            if (range.From >= metadata.Size)
            {
                response.Headers.ContentDisposition = default;
                response.Headers.ContentRange = new ContentRangeHeaderValue(metadata.Size).ToString();
                await ProblemDetailsSetup.WriteProblemAsync(context.HttpContext, StatusCodes.Status416RangeNotSatisfiable, "Range not satisfiable");
                return;
            }

            response.StatusCode = StatusCodes.Status206PartialContent;
            response.ContentLength = range.Length;
            response.Headers.ContentRange = new ContentRangeHeaderValue(range.From, range.From + range.Length - 1, metadata.Size).ToString();
            if (content is not null)
            {
                await CopyRangeAsync(content, range, response.Body, context.HttpContext.RequestAborted);
            }

            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = metadata.Size;
        if (metadata.Sha256 is not null)
        {
            response.Headers["Content-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(metadata.Sha256))}:";
        }

        if (content is not null)
        {
            await content.CopyToAsync(response.Body, context.HttpContext.RequestAborted);
        }
    }

    /// <summary>
    /// The one byte range asked for, clipped to the content; null when the whole content is to be sent: no Range,
    /// several ranges, a unit other than bytes, or an If-Range naming another version.
    /// </summary>
    private static ByteRange? RequestedRange(HttpRequest request, EntityTagHeaderValue? entityTag, long size)
    {
        if (!RangeHeaderValue.TryParse(request.Headers.Range.ToString(), out var header)
            || !header.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase)
            || header.Ranges.Count != 1)
        {
            return null;
        }

        // If-Range takes a strong comparison: only this exact content may be completed by a part of it.
        if (request.Headers.IfRange.Count > 0
            && !(entityTag is not null && EntityTagHeaderValue.TryParse(request.Headers.IfRange.ToString(), out var ifRange) && ifRange.Compare(entityTag, useStrongComparison: true)))
        {
            return null;
        }

        var only = header.Ranges.Single();
        return (only.From, only.To) switch
        {
            ({ } from, { } to) when to >= from => new ByteRange(from, Math.Min(to, size - 1) - from + 1),
            ({ } from, null) => new ByteRange(from, size - from),
            (null, { } suffix) when suffix > 0 => new ByteRange(Math.Max(0, size - suffix), Math.Min(suffix, size)),
            _ => new ByteRange(size, 0),
        };
    }

    private static async Task CopyRangeAsync(Stream content, ByteRange range, Stream body, CancellationToken cancellationToken)
    {
        content.Seek(range.From, SeekOrigin.Begin);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(CopyBufferBytes, range.Length));
        try
        {
            var left = range.Length;
            int read;
            while (left > 0 && (read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken)) > 0)
            {
                await body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly record struct ByteRange(long From, long Length);
}
