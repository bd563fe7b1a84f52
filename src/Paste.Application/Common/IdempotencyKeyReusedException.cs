namespace Paste.Application.Common;

/// <summary>An idempotency key sent again with a different request: retrying is safe only with the same one.</summary>
public sealed class IdempotencyKeyReusedException()
    : PasteException("Idempotency-Key was already used for a different request");
