namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>One piece of a paste's content, in order of <see cref="Index"/>.</summary>
public sealed class PasteChunkRecord
{
    public required string PasteId { get; init; }

    public required int Index { get; init; }

#pragma warning disable CA1819 // EF Core maps bytea to byte[].
    public required byte[] Data { get; init; }
#pragma warning restore CA1819
}
