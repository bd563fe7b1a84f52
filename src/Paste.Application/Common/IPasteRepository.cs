using Paste.Application.Pastes;
using Paste.Domain.Webhooks;

namespace Paste.Application.Common;

public interface IPasteRepository
{
    /// <summary>
    /// Stores the paste, its content, its webhook announcements and its idempotency key atomically, once the owner's
    /// quota, counted inside the same transaction, admits it; once this returns, all are durable.
    /// <paramref name="content"/> is read from its current position, exactly <see cref="Domain.Pastes.Paste.Size"/> bytes.
    /// </summary>
    /// <exception cref="QuotaExceededException">The paste would take the owner past its quota; nothing is stored.</exception>
    /// <exception cref="IdempotencyKeyTakenException">A live create already holds the key; nothing is stored.</exception>
    Task AddAsync(
        Domain.Pastes.Paste paste,
        Stream content,
        IReadOnlyCollection<WebhookDelivery> announcements,
        PasteAdmission admission,
        CancellationToken cancellationToken);

    /// <summary>The answer stored with a key taken at or after <paramref name="since"/>; null when there is none.</summary>
    Task<IdempotentCreate?> FindIdempotentCreateAsync(string scope, string key, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Takes one of a view-limited paste's reads: the reads left after this one, or null when none was left (or the
    /// paste is gone). The paste taking its last read is deleted in the same write, so exactly as many callers as
    /// reads were allowed get a number.
    /// </summary>
    Task<int?> TakeViewAsync(string id, CancellationToken cancellationToken);

    /// <summary>What the owner's live pastes take: counted as a create's quota check counts them.</summary>
    Task<OwnerUsage> GetOwnerUsageAsync(string owner, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> of the owner's live pastes (live as <see cref="GetOwnerUsageAsync"/> counts them),
    /// metadata only, newest first (ties by id, descending), starting after <paramref name="after"/>, or with the newest when it is null.
    /// </summary>
    Task<IReadOnlyList<Domain.Pastes.Paste>> ListOwnedAsync(
        string owner, DateTimeOffset now, TimeSpan expiry, PasteCursor? after, int limit, CancellationToken cancellationToken);

    /// <summary>Loads metadata only, never the content.</summary>
    Task<Domain.Pastes.Paste?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Loads the metadata and opens the content for streaming in one read of one snapshot; null when no such paste.
    /// The caller disposes the content.
    /// </summary>
    Task<OpenedPaste?> OpenAsync(string id, CancellationToken cancellationToken);

    /// <summary>Moves the last access forward (never backward).</summary>
    Task RecordAccessAsync(string id, DateTimeOffset accessedAt, CancellationToken cancellationToken);

    /// <summary>Deletes the paste only if <paramref name="owner"/> owns it; false when nothing was deleted.</summary>
    Task<bool> DeleteOwnedAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>Deletes the paste whoever owns it (its delete token was shown); false when nothing was deleted.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes at most <paramref name="batchSize"/> expired pastes: last accessed before <paramref name="notAccessedSince"/>,
    /// or past their own deadline at <paramref name="now"/>; returns how many. (A paste out of views is deleted by
    /// the read that took its last one.)
    /// </summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset notAccessedSince, DateTimeOffset now, int batchSize, CancellationToken cancellationToken);

    /// <summary>Forgets at most <paramref name="batchSize"/> idempotency keys taken before the cutoff; returns how many.</summary>
    Task<int> DeleteIdempotencyKeysBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);

    /// <summary>How many pastes are stored and their content bytes, expired ones not yet swept included.</summary>
    Task<StoredTotals> GetTotalsAsync(CancellationToken cancellationToken);
}

public sealed record StoredTotals(long Pastes, long Bytes);

/// <summary>An owner's live pastes: how many, and their content bytes.</summary>
public sealed record OwnerUsage(long Pastes, long Bytes);

/// <summary>What a create must satisfy and store beside the paste: the owner's quota, and the idempotency key.</summary>
public sealed record PasteAdmission(OwnerQuota? Quota, IdempotentCreate? IdempotencyKey)
{
    public static readonly PasteAdmission Unconditional = new(null, null);
}

/// <param name="Scope">Whose key it is: an owner, or a client address for anonymous callers.</param>
/// <param name="RequestHash">What was asked (content, type and limits), so that a reuse for something else is told apart.</param>
/// <param name="Response">The answer given, protected at rest: it holds the delete token.</param>
public sealed record IdempotentCreate(string Scope, string Key, byte[] RequestHash, string Response, DateTimeOffset CreatedAt);

/// <summary>A stored paste with its content open for reading.</summary>
public sealed record OpenedPaste(Domain.Pastes.Paste Paste, Stream Content);
