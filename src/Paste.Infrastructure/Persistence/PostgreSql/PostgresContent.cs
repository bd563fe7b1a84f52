using System.Buffers;
using Npgsql;
using NpgsqlTypes;

namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>
/// A paste's bytes in PostgreSQL: rows of <see cref="ChunkBytes"/> in <c>PasteChunks</c>, written one at a time as the
/// upload is read and read back one at a time as the answer is sent, so that neither the service nor the server ever
/// holds a whole paste (a single bytea value would be detoasted whole in the server's memory on every read).
/// </summary>
internal static class PostgresContent
{
    /// <summary>Small enough to hold one at a time on either side, large enough that a 50 MiB paste is 200 statements.</summary>
    public const int ChunkBytes = 256 * 1024;

    public const string InsertChunk = """INSERT INTO "PasteChunks" ("PasteId", "Index", "Data") VALUES ($1, $2, $3)""";

    /// <summary>
    /// A command that inserts the chunk <paramref name="index"/> holding <paramref name="length"/> bytes of
    /// <paramref name="data"/>; the array may be longer (a pooled buffer).
    /// </summary>
    public static NpgsqlBatchCommand ChunkInsert(string pasteId, int index, byte[] data, int length)
    {
        var insert = new NpgsqlBatchCommand(InsertChunk);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = pasteId });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = index });
        insert.Parameters.Add(new NpgsqlParameter { Value = data, Size = length, NpgsqlDbType = NpgsqlDbType.Bytea });
        return insert;
    }

    /// <summary>
    /// Copies the rest of <paramref name="content"/>, from byte <paramref name="written"/> to <paramref name="size"/>,
    /// into chunks, each inserted inside <paramref name="transaction"/> as soon as it is read.
    /// </summary>
    public static async Task WriteRestAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string pasteId, Stream content, long size, long written, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var index = (int)(written / ChunkBytes);
            while (written < size)
            {
                var length = await FillAsync(content, buffer, (int)Math.Min(ChunkBytes, size - written), cancellationToken);
                if (length == 0)
                {
                    break;
                }

                await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { ChunkInsert(pasteId, index++, buffer, length) } };
                await batch.ExecuteNonQueryAsync(cancellationToken);
                written += length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (written != size)
        {
            throw new InvalidDataException($"The content ended after {written} of {size} bytes.");
        }
    }

    /// <summary>Reads until <paramref name="count"/> bytes are in <paramref name="buffer"/> or the stream ends; returns how many.</summary>
    public static async Task<int> FillAsync(Stream content, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < count && (read = await content.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
