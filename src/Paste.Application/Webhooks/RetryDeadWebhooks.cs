using Mediator;

namespace Paste.Application.Webhooks;

/// <summary>Queues every dead delivery again with a fresh set of attempts; returns how many.</summary>
public sealed record RetryDeadWebhooksCommand : ICommand<int>;

public sealed class RetryDeadWebhooksHandler(IWebhookDeliveryStore store, TimeProvider timeProvider) : ICommandHandler<RetryDeadWebhooksCommand, int>
{
    public async ValueTask<int> Handle(RetryDeadWebhooksCommand command, CancellationToken cancellationToken)
    {
        var dead = await store.ListDeadAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        foreach (var delivery in dead)
        {
            delivery.Revive(now);
        }

        await store.UpdateAsync(dead, cancellationToken);
        return dead.Count;
    }
}
