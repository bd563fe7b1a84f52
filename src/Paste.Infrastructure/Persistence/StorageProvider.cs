namespace Paste.Infrastructure.Persistence;

/// <summary><c>Paste:Storage:Provider</c>: which database holds the pastes.</summary>
public enum StorageProvider
{
    /// <summary>A file under the data directory, served by one process: the default, with nothing to install.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (<c>ConnectionStrings:Paste</c>), shared by as many instances as run on it.</summary>
    PostgreSql,
}
