namespace Paste.Infrastructure.Persistence.PostgreSql;

/// <summary>PostgreSQL takes concurrent writers itself: a tracked write runs at once.</summary>
internal sealed class PostgresTrackedWrites : ITrackedWrites
{
    public Task<T> WriteAloneAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) => PostgresErrors.TranslateAsync(write);
}
