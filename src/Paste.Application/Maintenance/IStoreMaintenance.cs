namespace Paste.Application.Maintenance;

/// <summary>What an operator does to the store as a whole: copies it, puts a copy back, and checks it.</summary>
public interface IStoreMaintenance
{
    /// <summary>
    /// Writes a consistent copy of the store, with the keys it needs, to <paramref name="destination"/> while the
    /// service may be running and writing; the copy holds everything committed when it began.
    /// </summary>
    Task<StoreSummary> BackupAsync(string destination, CancellationToken cancellationToken);

    /// <summary>
    /// Checks that <paramref name="source"/> is an intact backup, then makes it the store (keys included). Refused
    /// while the service or any other command uses the store, and when a store is there already unless
    /// <paramref name="replace"/> says to overwrite it.
    /// </summary>
    Task<StoreSummary> RestoreAsync(string source, bool replace, CancellationToken cancellationToken);

    /// <summary>Runs the store's integrity check; never changes it.</summary>
    Task<StoreCheck> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>A store or a backup of one: where it is, how many pastes it holds, and its size on disk.</summary>
public sealed record StoreSummary(string Path, long Pastes, long Bytes);

/// <summary>The outcome of an integrity check: <see cref="Problem"/> is null when the store is intact.</summary>
public sealed record StoreCheck(StoreSummary Store, string? Problem);
