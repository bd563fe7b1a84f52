using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paste.Application.Common;
using Paste.Application.Pastes;
using Paste.Application.Webhooks;

namespace Paste.Infrastructure.Retention;

/// <summary>Deletes expired pastes and old delivery records at start-up and then every <see cref="PasteOptions.CleanupInterval"/>.</summary>
public sealed class RetentionSweeper(
    IServiceScopeFactory scopeFactory,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options,
    ILogger<RetentionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, timeProvider);
        do
        {
            await SweepAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            var deleted = await sender.Send(new PurgeExpiredPastesCommand(), cancellationToken);
            var forgotten = await sender.Send(new PurgeDeliveredWebhooksCommand(), cancellationToken);
            if (deleted + forgotten > 0)
            {
                logger.LogInformation("Expiry sweep deleted {Count} pastes and {Deliveries} delivered webhook records", deleted, forgotten);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The next tick tries again. An exception leaving this service would stop the whole host, so whatever a
            // sweep throws, the service logs it and keeps serving.
            logger.LogError(exception, "Expiry sweep failed");
        }
    }
}
