using Mediator;

namespace Paste.Application.Webhooks;

public sealed record GetWebhookKeyQuery : IQuery<WebhookKey>;

/// <summary>The base64 of the raw Ed25519 public key that verifies every notification.</summary>
public sealed record WebhookKey(string PublicKeyBase64);

public sealed class GetWebhookKeyHandler(IWebhookSigner signer) : IQueryHandler<GetWebhookKeyQuery, WebhookKey>
{
    public ValueTask<WebhookKey> Handle(GetWebhookKeyQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new WebhookKey(Convert.ToBase64String(signer.PublicKey.Span)));
}
