using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <summary>Deletes every paste not read within the expiry, a bounded batch at a time.</summary>
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
        var cutoff = timeProvider.GetUtcNow() - options.Value.Expiry;
        var total = 0;
        int deleted;
        do
        {
            // Small batches keep each write transaction short, so creates are never held up for long.
            deleted = await repository.DeleteNotAccessedSinceAsync(cutoff, command.BatchSize, cancellationToken);
            total += deleted;
        }
        while (deleted == command.BatchSize);

        metrics.PastesDeleted("expired", total);
        return total;
    }
}
