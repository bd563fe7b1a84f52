using System.Data.Common;

namespace Paste.Infrastructure.Persistence;

/// <summary>A paste's columns as both stores' plain commands select them, and the paste read back from them.</summary>
internal static class PasteRows
{
    public const string Columns = """
        p."MimeType", p."Size", p."CreatedAt", p."LastAccessedAt", p."Owner", p."Deadline", p."MaxViews", p."ViewsLeft", p."Sha256", p."DeleteTokenHash"
        """;

    /// <summary>How many columns <see cref="Columns"/> selects; a statement's own columns follow them.</summary>
    public const int Count = 10;

    public static Domain.Pastes.Paste Read(string id, DbDataReader reader) =>
        Domain.Pastes.Paste.Restore(
            id,
            reader.GetString(0),
            reader.GetInt64(1),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            reader.IsDBNull(6) ? null : reader.GetInt32(6),
            reader.IsDBNull(7) ? null : reader.GetInt32(7),
            reader.IsDBNull(8) ? null : reader.GetFieldValue<byte[]>(8),
            reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9));
}
