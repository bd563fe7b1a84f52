using Npgsql;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// Streams a paste's chunks out of PostgreSQL. It owns its connection and a repeatable-read transaction, so every
/// chunk comes from one snapshot even if the paste is deleted while the answer is written. Each chunk is read from the
/// socket as it is copied out (sequential access), never held whole; a seek starts a new query at the chunk holding
/// the position, on the same snapshot.
/// </summary>
internal sealed class PostgresContentStream(NpgsqlConnection connection, NpgsqlTransaction transaction, string pasteId, long length) : Stream
{
    private const string SelectChunks = """SELECT "Data" FROM "PasteChunks" WHERE "PasteId" = $1 AND "Index" >= $2 ORDER BY "Index" """;

    private NpgsqlCommand? command;
    private NpgsqlDataReader? reader;
    private Stream? chunk;
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // The service reads asynchronously; a synchronous reader (a test, a tool) waits on the same path.
    public override int Read(Span<byte> buffer)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = ReadAsync(rented.AsMemory(0, buffer.Length), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (position < length && buffer.Length > 0)
        {
            if (chunk is null && !await NextChunkAsync(cancellationToken))
            {
                break;
            }

            var read = await chunk!.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                position += read;
                return read;
            }

            await chunk.DisposeAsync();
            chunk = null;
        }

        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != position)
        {
            CloseQuery();
            position = target;
        }

        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseQuery();
            transaction.Dispose();
            connection.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (chunk is not null)
        {
            await chunk.DisposeAsync();
        }

        if (reader is not null)
        {
            await reader.DisposeAsync();
        }

        if (command is not null)
        {
            await command.DisposeAsync();
        }

        chunk = null;
        reader = null;
        command = null;
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Opens the next chunk's bytes, starting the query (at the chunk holding the position) when none runs.</summary>
    private async Task<bool> NextChunkAsync(CancellationToken cancellationToken)
    {
        var skip = 0L;
        if (reader is null)
        {
            command = new NpgsqlCommand(SelectChunks, connection, transaction)
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = pasteId },
                    new NpgsqlParameter<int> { TypedValue = (int)(position / PostgresContent.ChunkBytes) },
                },
            };
            reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
            skip = position % PostgresContent.ChunkBytes;
        }

        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        chunk = await reader.GetStreamAsync(0, cancellationToken);
        if (skip > 0)
        {
            // Only the first chunk after a seek starts part-way; the bytes before the position are read and dropped.
            var discard = new byte[Math.Min(skip, 16 * 1024)];
            int read;
            while (skip > 0 && (read = await chunk.ReadAsync(discard.AsMemory(0, (int)Math.Min(discard.Length, skip)), cancellationToken)) > 0)
            {
                skip -= read;
            }
        }

        return true;
    }

    private void CloseQuery()
    {
        chunk?.Dispose();
        reader?.Dispose();
        command?.Dispose();
        chunk = null;
        reader = null;
        command = null;
    }
}
