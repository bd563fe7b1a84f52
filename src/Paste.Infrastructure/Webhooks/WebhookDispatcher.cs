using System.Collections.Concurrent;
using System.Threading.Channels;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Paste.Application.Webhooks;

namespace Paste.Infrastructure.Webhooks;

/// <summary>
/// Sends due deliveries from the outbox. It wakes when the API signals a commit, when the next retry falls due, and
/// at least every <see cref="PollInterval"/> (for work queued by another process). Each receiver has its own small
/// concurrency budget, so a slow or dead receiver never holds up another. A delivery is leased before it is attempted,
/// so that the dispatchers of several instances on one database never send it twice; the lease outlasts any attempt,
/// and one held by an instance that died is taken by another when it ends.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopeFactory,
    TimeProvider timeProvider,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger) : BackgroundService, IWebhookDispatchSignal
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private const int MaxInFlightPerReceiver = 4;

    /// <summary>Longer than an attempt can take (its timeout, and recording it), so that only a dead holder loses one.</summary>
    private TimeSpan LeaseDuration => (options.Value.Timeout * 2) + TimeSpan.FromSeconds(5);

    private readonly Channel<bool> wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<Guid, Task> inFlight = new();
    private readonly ConcurrentDictionary<string, int> inFlightPerReceiver = new(StringComparer.Ordinal);

    public void Notify() => wakeUps.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = PollInterval;
            try
            {
                wait = await StartDueAttemptsAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Webhook dispatch failed; retrying in {Delay}", PollInterval);
            }

            await WaitAsync(wait, stoppingToken);
        }

        await Task.WhenAll(inFlight.Values);
    }

    /// <summary>Starts every due attempt there is room for; returns how long to sleep before looking again.</summary>
    private async Task<TimeSpan> StartDueAttemptsAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IWebhookDeliveryStore>();

        var now = timeProvider.GetUtcNow();
        var notStarted = new List<Guid>();
        foreach (var delivery in await store.LeaseDueAsync(now, MaxInFlightPerReceiver, now + LeaseDuration, stoppingToken))
        {
            if (inFlight.ContainsKey(delivery.Id) || inFlightPerReceiver.GetValueOrDefault(delivery.Url) >= MaxInFlightPerReceiver)
            {
                notStarted.Add(delivery.Id);
                continue;
            }

            inFlightPerReceiver.AddOrUpdate(delivery.Url, 1, (_, count) => count + 1);
            inFlight[delivery.Id] = AttemptAsync(delivery.Id, delivery.Url, stoppingToken);
        }

        // Leased but over this receiver's budget here: given back at once rather than held idle until the lease ends.
        if (notStarted.Count > 0)
        {
            await store.ReleaseAsync(notStarted, stoppingToken);
        }

        // Measured from the same instant as the query above: everything due then was started (or is in flight or over
        // budget, and a finishing attempt signals), so only work due after it needs a timer. A second clock reading
        // here would let a retry falling due in between wait for the poll instead.
        var nextDue = await store.NextDueAsync(stoppingToken);
        var untilDue = nextDue is { } due ? due - now : PollInterval;
        return untilDue <= TimeSpan.Zero || untilDue > PollInterval ? PollInterval : untilDue;
    }

    private async Task AttemptAsync(Guid deliveryId, string url, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var finished = false;
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new DeliverWebhookCommand(deliveryId), stoppingToken);
            finished = true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the delivery stays pending, and its lease is given back, so that another instance (or
            // this one after its restart) attempts it at once rather than when the lease would have run out.
            await ReleaseAsync(deliveryId);
        }
        catch (Exception exception)
        {
            // The attempt could not even be recorded (the database, say): the next poll tries again, not a tight loop.
            logger.LogError(exception, "Webhook delivery {DeliveryId} attempt failed unexpectedly", deliveryId);
        }
        finally
        {
            inFlight.TryRemove(deliveryId, out _);
            inFlightPerReceiver.AddOrUpdate(url, 0, (_, count) => count - 1);
            if (finished)
            {
                Notify();
            }
        }
    }

    private async Task ReleaseAsync(Guid deliveryId)
    {
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IWebhookDeliveryStore>().ReleaseAsync([deliveryId], CancellationToken.None);
        }
        catch (Exception exception)
        {
            // Only the wait changes: the lease runs out on its own.
            logger.LogWarning(exception, "Webhook delivery {DeliveryId} could not be given back while stopping", deliveryId);
        }
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(delay, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await wakeUps.Reader.WaitToReadAsync(linked.Token);
            wakeUps.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The delay passed without a signal: time to look again.
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
