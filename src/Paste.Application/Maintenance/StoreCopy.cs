namespace Paste.Application.Maintenance;

/// <summary>What a copy moved, as counted in the target after it and found equal to the source.</summary>
/// <param name="Source">The store copied from.</param>
/// <param name="Target">The store copied to, without its password.</param>
/// <param name="Pastes">Pastes copied.</param>
/// <param name="Bytes">Their content, in bytes.</param>
/// <param name="Clients">API clients copied, revoked ones included.</param>
/// <param name="Deliveries">Webhook deliveries copied: those pending or dead.</param>
/// <param name="IdempotencyKeys">Idempotency keys copied, so that a retried create is still answered as the first one was.</param>
public sealed record StoreCopy(string Source, string Target, long Pastes, long Bytes, long Clients, long Deliveries, long IdempotencyKeys);
