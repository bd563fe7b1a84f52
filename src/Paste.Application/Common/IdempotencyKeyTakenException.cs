namespace Paste.Application.Common;

/// <summary>
/// The store found the idempotency key already taken by a create that committed first (two retries racing); the
/// create that lost stored nothing and answers as the first one did.
/// </summary>
public sealed class IdempotencyKeyTakenException() : PasteException("The idempotency key is already taken");
