namespace Paste.Application.Webhooks;

/// <summary>Wakes the dispatcher when new deliveries were committed, so they go out without waiting for a poll.</summary>
public interface IWebhookDispatchSignal
{
    void Notify();
}
