using System.Text;

namespace Paste.Domain.Pastes;

/// <summary>
/// What detection needs to know about a paste's bytes, gathered chunk by chunk in one pass so that content of any
/// size is inspected without being held whole: its length, its first bytes (for signatures) and whether all of it
/// is UTF-8, including sequences split across chunks.
/// </summary>
public sealed class ContentInspection
{
    /// <summary>Enough for the longest signature <see cref="MimeTypes"/> knows.</summary>
    public const int HeaderLength = 16;

    private readonly byte[] header = new byte[HeaderLength];
    private readonly Decoder utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private int headerLength;
    private bool invalidUtf8;
    private bool completed;

    public long Length { get; private set; }

    /// <summary>The first <see cref="HeaderLength"/> bytes, or all of them when the content is shorter.</summary>
    public ReadOnlySpan<byte> Header => header.AsSpan(0, headerLength);

    /// <summary>True when the whole content is valid UTF-8; known once <see cref="Complete"/> has been called.</summary>
    public bool IsUtf8
    {
        get
        {
            if (!completed)
            {
                throw new InvalidOperationException("The content has not been inspected to its end.");
            }

            return !invalidUtf8;
        }
    }

    /// <summary>Inspects content held in memory.</summary>
    public static ContentInspection Of(ReadOnlySpan<byte> content)
    {
        var inspection = new ContentInspection();
        inspection.Append(content);
        inspection.Complete();
        return inspection;
    }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (completed)
        {
            throw new InvalidOperationException("The content has already been inspected to its end.");
        }

        if (headerLength < HeaderLength)
        {
            var take = Math.Min(HeaderLength - headerLength, chunk.Length);
            chunk[..take].CopyTo(header.AsSpan(headerLength));
            headerLength += take;
        }

        Length += chunk.Length;
        Validate(chunk, flush: false);
    }

    /// <summary>Ends the content: a UTF-8 sequence still open at the end makes it invalid.</summary>
    public void Complete()
    {
        Validate([], flush: true);
        completed = true;
    }

    private void Validate(ReadOnlySpan<byte> chunk, bool flush)
    {
        if (invalidUtf8)
        {
            return;
        }

        try
        {
            // Decoding (into a scratch buffer, then dropped) is what makes the decoder carry an incomplete trailing
            // sequence over to the next chunk; counting alone would not remember it.
            Span<char> scratch = stackalloc char[1024];
            var converted = false;
            while (!converted)
            {
                utf8.Convert(chunk, scratch, flush, out var bytesUsed, out _, out converted);
                chunk = chunk[bytesUsed..];
            }
        }
        catch (DecoderFallbackException)
        {
            invalidUtf8 = true;
        }
    }
}
