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

    /// <summary>
    /// How long a read of a large paste from SQLite may keep the database's snapshot it began on (10 seconds by
    /// default). A read still going after it goes on from a copy in a deleted file beside the database, so that a slow
    /// client cannot keep SQLite from checkpointing its write-ahead log, which would grow for as long as it reads.
    /// </summary>
    public TimeSpan ReadSnapshotLimit { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>SQLite (the default) or PostgreSQL, whose server <c>ConnectionStrings:Paste</c> then names.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;
}
