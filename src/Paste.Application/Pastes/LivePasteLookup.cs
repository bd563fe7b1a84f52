using Paste.Application.Common;

namespace Paste.Application.Pastes;

internal static class LivePasteLookup
{
    /// <summary>
    /// Finds a paste that has not expired and counts this call as a read. A paste past its expiry is gone
    /// for its readers even before the sweep deletes it.
    /// </summary>
    public static async Task<Domain.Pastes.Paste> FindForReadAsync(
        this IPasteRepository repository, string id, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var paste = await repository.FindLiveAsync(id, now, expiry, cancellationToken);
        await repository.CountReadAsync(paste, now, expiry, cancellationToken);
        return paste;
    }

    /// <summary>
    /// Opens a paste that has not expired, metadata and content in one read, and counts this call as a read.
    /// </summary>
    public static async Task<OpenedPaste> OpenForReadAsync(
        this IPasteRepository repository, string id, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var opened = await repository.OpenAsync(id, cancellationToken) ?? throw new NotFoundException();
        try
        {
            if (opened.Paste.IsExpired(now, expiry))
            {
                throw new NotFoundException();
            }

            await repository.CountReadAsync(opened.Paste, now, expiry, cancellationToken);
            return opened;
        }
        catch
        {
            await opened.Content.DisposeAsync();
            throw;
        }
    }

    private static async Task CountReadAsync(
        this IPasteRepository repository, Domain.Pastes.Paste paste, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken)
    {
        // A coalesced read leaves the stored time, and so the reported expiry, where it is: reporting a later
        // expiry than the one the sweep will act on would promise time the paste does not have.
        if (paste.NeedsAccessRecorded(now, expiry))
        {
            await repository.RecordAccessAsync(paste.Id, now, cancellationToken);
            paste.RecordAccess(now);
        }
    }

    /// <summary>Finds a paste that has not expired, without counting this as a read.</summary>
    public static async Task<Domain.Pastes.Paste> FindLiveAsync(
        this IPasteRepository repository, string id, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var paste = await repository.FindAsync(id, cancellationToken);
        return paste is null || paste.IsExpired(now, expiry) ? throw new NotFoundException() : paste;
    }
}
