using Paste.Domain.Webhooks;

namespace Paste.Application.Common;

public interface IPasteRepository
{
    /// <summary>
    /// Stores the paste, its content and its webhook announcements atomically; once this returns, all are durable.
    /// <paramref name="content"/> is read from its current position, exactly <see cref="Domain.Pastes.Paste.Size"/> bytes.
    /// </summary>
    Task AddAsync(Domain.Pastes.Paste paste, Stream content, IReadOnlyCollection<WebhookDelivery> announcements, CancellationToken cancellationToken);

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

    /// <summary>Deletes at most <paramref name="batchSize"/> pastes last accessed before the cutoff; returns how many.</summary>
    Task<int> DeleteNotAccessedSinceAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);

    /// <summary>How many pastes are stored and their content bytes, expired ones not yet swept included.</summary>
    Task<StoredTotals> GetTotalsAsync(CancellationToken cancellationToken);
}

public sealed record StoredTotals(long Pastes, long Bytes);

/// <summary>A stored paste with its content open for reading.</summary>
public sealed record OpenedPaste(Domain.Pastes.Paste Paste, Stream Content);
