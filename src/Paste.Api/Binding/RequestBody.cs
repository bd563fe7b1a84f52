using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Paste.Api.Authentication;
using Paste.Application.Common;

namespace Paste.Api.Binding;

/// <summary>
/// Receiving paste bodies within the caller's size limit: in memory when small, spooled to a temporary file otherwise,
/// so that a large paste is never held whole in memory on its way to storage. Every paste body is read here, so the
/// limit applies to every endpoint that takes one.
/// </summary>
internal static class RequestBody
{
    /// <summary>Bodies up to this size stay in memory; the rest of a larger body goes to a temporary file.</summary>
    public const int MemoryThresholdBytes = 64 * 1024;

    /// <summary>What a body read whole starts in, whatever length it declares; the buffer grows as the bytes arrive.</summary>
    private const int InitialBufferBytes = 16 * 1024;

    /// <summary>Whether the endpoint's action takes a paste body, that is, whether it creates a paste.</summary>
    public static bool IsTakenBy(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<ControllerActionDescriptor>()?.Parameters
            .Any(parameter => parameter.ParameterType == typeof(PasteUpload) || parameter.ParameterType == typeof(SubmitUpload)) == true;

    /// <summary>
    /// Receives the whole body into a seekable stream positioned at its start, disposed (and its file deleted) with the
    /// response. The whole body is received before anything is stored, so a slow sender never holds the database writer.
    /// </summary>
    public static Task<Stream> ReceiveAsync(HttpContext context) => SpoolAsync(context, WithinSizeLimit(context), context.Request.ContentLength);

    /// <summary>
    /// Receives <paramref name="body"/> (the request's, or one part of it) into a seekable stream at its start: in
    /// memory when <paramref name="length"/> says it is small, otherwise through a temporary file once past the threshold.
    /// </summary>
    public static async Task<Stream> SpoolAsync(HttpContext context, Stream body, long? length)
    {
        if (length is <= MemoryThresholdBytes)
        {
            var whole = await ReadAllAsync(context, body);
            return new MemoryStream(whole.Array!, whole.Offset, whole.Count, writable: false);
        }

        var spool = new FileBufferingReadStream(body, MemoryThresholdBytes);
        context.Response.RegisterForDisposeAsync(spool);
        var buffer = ArrayPool<byte>.Shared.Rent(MemoryThresholdBytes);
        try
        {
            while (await spool.ReadAsync(buffer, context.RequestAborted) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        spool.Position = 0;
        return spool;
    }

    /// <summary>
    /// Reads a body whole: a small one of known length, or a JSON body, whose string is only valid once its closing
    /// quote has arrived.
    /// </summary>
    public static Task<ArraySegment<byte>> ReadAllAsync(HttpContext context) => ReadAllAsync(context, WithinSizeLimit(context));

    /// <summary>
    /// Memory follows the bytes that have arrived, never the length declared: a client that declares megabytes and
    /// sends one byte holds a small buffer, not megabytes, however many connections it opens. The buffer doubles as it
    /// fills, up to the declared length, so a body sent whole is copied a few times at most and never over-allocated.
    /// </summary>
    private static async Task<ArraySegment<byte>> ReadAllAsync(HttpContext context, Stream body)
    {
        var declared = context.Request.ContentLength;
        var buffer = new byte[Math.Min(declared ?? InitialBufferBytes, InitialBufferBytes)];
        var received = 0;
        while (received != declared)
        {
            if (received == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(Math.Min(2L * buffer.Length, declared ?? long.MaxValue), Array.MaxLength));
            }

            var read = await body.ReadAsync(buffer.AsMemory(received), context.RequestAborted);
            if (read == 0)
            {
                if (declared is not null)
                {
                    throw new EndOfStreamException();
                }

                break;
            }

            received += read;
        }

        return new ArraySegment<byte>(buffer, 0, received);
    }

    /// <summary>
    /// The body, refused once it passes the caller's limit (anonymous or authenticated): a declared Content-Length over
    /// the limit before a byte is read, a body of unknown length one byte past it.
    /// </summary>
    public static SizeLimitedReadStream WithinSizeLimit(HttpContext context)
    {
        var authenticated = context.User.GetOwner() is not null;
        var maxBytes = context.RequestServices.GetRequiredService<IOptions<PasteOptions>>().Value.SizeLimits.For(authenticated);
        if (context.Request.ContentLength is { } declared && declared > maxBytes)
        {
            throw new PayloadTooLargeException(declared, maxBytes, authenticated);
        }

        // This is the limit for paste bodies; the server-wide default (about 28.6 MiB) would otherwise refuse
        // authenticated pastes well below their 50 MiB allowance.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = null;
        }

        return new SizeLimitedReadStream(context.Request.Body, maxBytes, authenticated);
    }

    /// <summary>
    /// Reads one string member of a JSON object as UTF-8, without building strings: an unescaped value is a slice of
    /// the body itself. False for anything that is not a JSON object (or whose member is neither a string nor null);
    /// a missing or null member reads as empty content, which validation refuses.
    /// </summary>
    public static bool TryReadJsonString(ArraySegment<byte> body, string member, out Stream content)
    {
        content = new MemoryStream([], writable: false);
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            // As with repeated members elsewhere in JSON readers, the last occurrence wins.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var matches = reader.ValueTextEquals(member);
                reader.Read();
                if (!matches)
                {
                    reader.Skip();
                    continue;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.Null:
                        content = new MemoryStream([], writable: false);
                        break;
                    case JsonTokenType.String when !reader.ValueIsEscaped:
                        content = new MemoryStream(body.Array!, body.Offset + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, writable: false, publiclyVisible: true);
                        break;
                    case JsonTokenType.String:
                        var unescaped = new byte[reader.ValueSpan.Length];
                        content = new MemoryStream(unescaped, 0, reader.CopyString(unescaped), writable: false, publiclyVisible: true);
                        break;
                    default:
                        return false;
                }
            }

            // The reader refuses anything after the object but whitespace; the content must be UTF-8 to be text.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() && IsUtf8((MemoryStream)content);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Unescaping reports invalid UTF-8 and lone surrogates as InvalidOperationException.
            return false;
        }
    }

    private static bool IsUtf8(MemoryStream content) =>
        Utf8.IsValid(content.TryGetBuffer(out var bytes) ? bytes.AsSpan() : content.ToArray());
}
