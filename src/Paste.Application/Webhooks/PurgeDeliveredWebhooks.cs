using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Webhooks;

/// <summary>
/// Forgets deliveries that succeeded longer ago than a paste lives: they have nothing left to tell an operator.
/// Dead deliveries stay until retried.
/// </summary>
public sealed record PurgeDeliveredWebhooksCommand : ICommand<int>;

public sealed class PurgeDeliveredWebhooksHandler(IWebhookDeliveryStore store, TimeProvider timeProvider, IOptions<PasteOptions> options)
    : ICommandHandler<PurgeDeliveredWebhooksCommand, int>
{
    public async ValueTask<int> Handle(PurgeDeliveredWebhooksCommand command, CancellationToken cancellationToken) =>
        await store.DeleteDeliveredBeforeAsync(timeProvider.GetUtcNow() - options.Value.Expiry, cancellationToken);
}
