namespace Paste.Application.Maintenance;

/// <summary>Moves the configured store's content into another kind of store, for an operator changing providers.</summary>
public interface IStoreCopier
{
    /// <summary>
    /// Copies every paste with its content, the API clients, the webhook deliveries not delivered yet and the
    /// idempotency keys into the empty PostgreSQL database of <paramref name="targetConnectionString"/>, migrating it
    /// first, in one transaction: the target ends up with all of it or with nothing. Refused when the configured store
    /// is not SQLite, while the service uses it, or when the target holds data already.
    /// </summary>
    Task<StoreCopy> CopyToPostgreSqlAsync(string targetConnectionString, CancellationToken cancellationToken);
}
