namespace Paste.Infrastructure.Persistence;

/// <summary>Where a write through EF Core's change tracking runs: alone between SQLite's group commits, or straight away on PostgreSQL.</summary>
internal interface ITrackedWrites
{
    /// <summary>Runs <paramref name="write"/>, which opens its own transaction; a refusal for lack of space becomes a StorageFullException.</summary>
    Task<T> WriteAloneAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken);
}
