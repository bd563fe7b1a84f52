using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <summary>
/// Deletes every expired paste (not read within the expiry, or past its own lifetime), a bounded batch
/// at a time, and forgets idempotency keys older than their window.
/// </summary>
public sealed record PurgeExpiredPastesCommand(int BatchSize = PurgeExpiredPastesCommand.DefaultBatchSize) : ICommand<int>
{
    public const int DefaultBatchSize = 500;
}

public sealed class PurgeExpiredPastesValidator : AbstractValidator<PurgeExpiredPastesCommand>
{
    // A batch of zero would never finish: every round deletes a full batch of nothing.
    public PurgeExpiredPastesValidator() => RuleFor(c => c.BatchSize).GreaterThan(0);
}

public sealed class PurgeExpiredPastesHandler(
    IPasteRepository repository,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options,
    PasteMetrics metrics) : ICommandHandler<PurgeExpiredPastesCommand, int>
{
    public async ValueTask<int> Handle(PurgeExpiredPastesCommand command, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var total = await InBatchesAsync(batch => repository.DeleteExpiredAsync(now - options.Value.Expiry, now, batch, cancellationToken), command.BatchSize);
        metrics.PastesDeleted("expired", total);

        await InBatchesAsync(batch => repository.DeleteIdempotencyKeysBeforeAsync(now - CreatePasteHandler.IdempotencyWindow, batch, cancellationToken), command.BatchSize);
        return total;
    }

    private static async Task<int> InBatchesAsync(Func<int, Task<int>> deleteBatch, int batchSize)
    {
        var total = 0;
        int deleted;
        do
        {
            // Small batches keep each write transaction short, so creates are never held up for long.
            deleted = await deleteBatch(batchSize);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }
}
