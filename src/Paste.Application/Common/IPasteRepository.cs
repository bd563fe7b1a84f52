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

    /// <summary>Opens the content for streaming; null when the paste no longer exists.</summary>
    Task<Stream?> OpenContentAsync(string id, CancellationToken cancellationToken);

    /// <summary>Moves the last access forward (never backward).</summary>
    Task RecordAccessAsync(string id, DateTimeOffset accessedAt, CancellationToken cancellationToken);

    /// <summary>Deletes the paste only if <paramref name="owner"/> owns it; false when nothing was deleted.</summary>
    Task<bool> DeleteOwnedAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="batchSize"/> pastes last accessed before the cutoff; returns how many.</summary>
    Task<int> DeleteNotAccessedSinceAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);
}

public interface IPasteIdGenerator
{
    string NewId();
}

public interface IDatabaseHealthProbe
{
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
