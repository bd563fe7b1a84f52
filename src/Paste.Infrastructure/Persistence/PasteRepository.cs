using Microsoft.EntityFrameworkCore;
using Paste.Application.Common;
using Paste.Domain.Webhooks;

namespace Paste.Infrastructure.Persistence;

internal sealed class PasteRepository(PasteDbContext db, SqliteWriteGate writeGate) : IPasteRepository
{
    public Task AddAsync(Domain.Pastes.Paste paste, byte[] content, IReadOnlyCollection<WebhookDelivery> announcements, CancellationToken cancellationToken) =>
        writeGate.RunAsync(
            async () =>
            {
                db.Pastes.Add(paste);
                db.PasteContents.Add(new PasteContentRecord { PasteId = paste.Id, Data = content });
                db.WebhookDeliveries.AddRange(announcements);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return true;
            },
            cancellationToken);

    public Task<Domain.Pastes.Paste?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.Pastes.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    public Task<Stream?> OpenContentAsync(string id, CancellationToken cancellationToken) =>
        PasteBlobStream.OpenAsync(db.Database.GetConnectionString()!, id, cancellationToken);

    public Task RecordAccessAsync(string id, DateTimeOffset accessedAt, CancellationToken cancellationToken) =>
        writeGate.RunAsync(
            () => db.Pastes
                .Where(p => p.Id == id && p.LastAccessedAt < accessedAt)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.LastAccessedAt, accessedAt), cancellationToken),
            cancellationToken);

    public Task<bool> DeleteOwnedAsync(string id, string owner, CancellationToken cancellationToken) =>
        writeGate.RunAsync(
            async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var deleted = await db.Pastes.Where(p => p.Id == id && p.Owner == owner).ExecuteDeleteAsync(cancellationToken);
                if (deleted == 0)
                {
                    return false;
                }

                await db.PasteContents.Where(c => c.PasteId == id).ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            },
            cancellationToken);

    public Task<int> DeleteNotAccessedSinceAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        writeGate.RunAsync(
            async () =>
            {
                var ids = await db.Pastes
                    .Where(p => p.LastAccessedAt < cutoff)
                    .OrderBy(p => p.LastAccessedAt)
                    .Select(p => p.Id)
                    .Take(batchSize)
                    .ToListAsync(cancellationToken);
                if (ids.Count == 0)
                {
                    return 0;
                }

                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.PasteContents.Where(c => ids.Contains(c.PasteId)).ExecuteDeleteAsync(cancellationToken);
                var deleted = await db.Pastes.Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return deleted;
            },
            cancellationToken);
}
