namespace Paste.Infrastructure.Persistence;

/// <summary>The connection string of the paste database, as resolved from configuration, for the code that talks to SQLite directly.</summary>
public sealed record SqliteConnectionString(string Value);
