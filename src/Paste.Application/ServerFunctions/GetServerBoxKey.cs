using Mediator;

namespace Paste.Application.ServerFunctions;

/// <summary>The server's box public key, base64, for an operator to hand to a <c>/v1</c> client again.</summary>
public sealed record GetServerBoxKeyQuery : IQuery<string>;

public sealed class GetServerBoxKeyHandler(IServerBox box) : IQueryHandler<GetServerBoxKeyQuery, string>
{
    public ValueTask<string> Handle(GetServerBoxKeyQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Convert.ToBase64String(box.PublicKey.Span));
}
