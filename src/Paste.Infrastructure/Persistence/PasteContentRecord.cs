namespace Paste.Infrastructure.Persistence;

/// <summary>A paste's bytes, in their own table so that metadata reads and the expiry sweep never touch them.</summary>
public sealed class PasteContentRecord
{
    public required string PasteId { get; init; }

#pragma warning disable CA1819 // EF Core maps a SQLite BLOB to byte[].
    public required byte[] Data { get; init; }
#pragma warning restore CA1819
}
