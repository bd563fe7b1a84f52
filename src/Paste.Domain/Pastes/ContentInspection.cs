using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Paste.Domain.Pastes;

/// <summary>
/// What detection needs to know about a paste's bytes, gathered chunk by chunk in one pass so that content of any
/// size is inspected without being held whole: its length, its first bytes (for signatures), whether all of it
/// is UTF-8, including sequences split across chunks, and its SHA-256, which names this exact content from then on
/// (entity tag, digest header, idempotent retries) without the bytes ever being read again.
/// </summary>
public sealed class ContentInspection
{
    /// <summary>Enough for the longest signature <see cref="MimeTypes"/> knows.</summary>
    public const int HeaderLength = 16;

    private readonly byte[] header = new byte[HeaderLength];

    /// <summary>The start of a UTF-8 sequence that the previous chunk cut off (at most 3 bytes, plus room for one more).</summary>
    private readonly byte[] pending = new byte[4];
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? sha256;
    private int pendingLength;
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

    /// <summary>The content's SHA-256; known once <see cref="Complete"/> has been called.</summary>
    public ReadOnlySpan<byte> Sha256 => sha256 ?? throw new InvalidOperationException("The content has not been inspected to its end.");

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
        hash.AppendData(chunk);
        if (!invalidUtf8)
        {
            invalidUtf8 = !IsUtf8Continued(chunk);
        }
    }

    /// <summary>Ends the content: a UTF-8 sequence still open at the end makes it invalid.</summary>
    public void Complete()
    {
        if (completed)
        {
            return;
        }

        invalidUtf8 |= pendingLength > 0;
        sha256 = hash.GetHashAndReset();
        hash.Dispose();
        completed = true;
    }

    /// <summary>Validates a chunk as the continuation of the previous ones, keeping a sequence cut off at its end.</summary>
    private bool IsUtf8Continued(ReadOnlySpan<byte> chunk)
    {
        // First finish the sequence the previous chunk cut off, one byte at a time.
        while (pendingLength > 0 && !chunk.IsEmpty)
        {
            pending[pendingLength++] = chunk[0];
            chunk = chunk[1..];
            switch (Rune.DecodeFromUtf8(pending.AsSpan(0, pendingLength), out _, out _))
            {
                case OperationStatus.Done:
                    pendingLength = 0;
                    break;
                case OperationStatus.InvalidData:
                    return false;
            }
        }

        var cutOff = IncompleteSequenceAtEnd(chunk);
        if (!Utf8.IsValid(chunk[..^cutOff]))
        {
            return false;
        }

        chunk[^cutOff..].CopyTo(pending.AsSpan(pendingLength));
        pendingLength += cutOff;
        return true;
    }

    /// <summary>How many bytes at the end start a sequence that is valid so far but needs more bytes (0 to 3).</summary>
    private static int IncompleteSequenceAtEnd(ReadOnlySpan<byte> chunk)
    {
        for (var back = 1; back <= Math.Min(3, chunk.Length); back++)
        {
            // The last byte that is not a continuation byte starts the final sequence.
            if ((chunk[^back] & 0xC0) != 0x80)
            {
                return Rune.DecodeFromUtf8(chunk[^back..], out _, out _) == OperationStatus.NeedMoreData ? back : 0;
            }
        }

        return 0;
    }
}
