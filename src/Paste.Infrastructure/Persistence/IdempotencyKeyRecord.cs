namespace Paste.Infrastructure.Persistence;

/// <summary>
/// A create's idempotency key, stored in the create's own transaction: the caller it belongs to, a hash of what was
/// asked, and the answer given (protected, since it holds the delete token), so that a retry gets the same answer.
/// </summary>
public sealed class IdempotencyKeyRecord
{
    public required string Scope { get; init; }

    public required string Key { get; init; }

#pragma warning disable CA1819 // EF Core maps a SQLite BLOB to byte[].
    public required byte[] RequestHash { get; init; }
#pragma warning restore CA1819

    public required string Response { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
