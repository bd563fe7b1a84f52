using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <summary>Succeeds only when <paramref name="Requester"/> is authenticated and owns the live paste.</summary>
public sealed record AuthorizePasteOwnerQuery(string Id, string? Requester) : IQuery<Unit>;

public sealed class AuthorizePasteOwnerValidator : AbstractValidator<AuthorizePasteOwnerQuery>
{
    public AuthorizePasteOwnerValidator() => RuleFor(q => q.Id).MustBeWellFormedPasteId();
}

public sealed class AuthorizePasteOwnerHandler(
    IPasteRepository repository,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options) : IQueryHandler<AuthorizePasteOwnerQuery, Unit>
{
    public async ValueTask<Unit> Handle(AuthorizePasteOwnerQuery query, CancellationToken cancellationToken)
    {
        if (query.Requester is null)
        {
            throw new AuthenticationRequiredException();
        }

        var paste = await repository.FindLiveAsync(query.Id, timeProvider.GetUtcNow(), options.Value.Expiry, cancellationToken);
        if (!paste.IsOwnedBy(query.Requester))
        {
            throw new ForbiddenException();
        }

        return Unit.Value;
    }
}
