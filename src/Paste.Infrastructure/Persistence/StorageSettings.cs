namespace Paste.Infrastructure.Persistence;

/// <summary><c>Paste:Storage</c>: which database holds the pastes, and how it uses the disk.</summary>
public sealed class StorageSettings
{
    public const string SectionName = "Paste:Storage";

    /// <summary>The smallest cap worth having: below it the schema and a few pastes would not fit.</summary>
    public const long MinDatabaseBytes = 1024 * 1024;

    /// <summary>
    /// The most the database file may grow to, in bytes; 0, the default, sets no cap beyond the disk's. At the cap
    /// writes are refused as on a full disk (507), until expiry or deletions free room inside the file. For a
    /// volume shared with other data, or a quota per instance.
    /// </summary>
    public long MaxDatabaseBytes { get; set; }

    /// <summary>SQLite (the default) or PostgreSQL, whose server <c>ConnectionStrings:Paste</c> then names.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;
}
