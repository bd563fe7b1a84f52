using Mediator;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Pastes;

/// <summary>What the service allows this caller, and what of its quota the caller's pastes take now.</summary>
/// <param name="Owner">The authenticated identity, or null for an anonymous caller.</param>
public sealed record GetCallerLimitsQuery(string? Owner) : IQuery<CallerLimits>;

/// <param name="MaxBytes">The largest paste the caller may send.</param>
/// <param name="MaxLifetime">The longest lifetime a create may ask for.</param>
/// <param name="Expiry">How long a paste lives after its last read.</param>
/// <param name="Quota">The owner's quota and usage; null for anonymous callers, who have none.</param>
public sealed record CallerLimits(long MaxBytes, TimeSpan MaxLifetime, TimeSpan Expiry, QuotaUsage? Quota);

/// <param name="MaxPastes">The quota on live pastes; null for none.</param>
/// <param name="MaxBytes">The quota on their content bytes; null for none.</param>
/// <param name="Used">What the owner's live pastes take now.</param>
public sealed record QuotaUsage(long? MaxPastes, long? MaxBytes, OwnerUsage Used);

public sealed class GetCallerLimitsHandler(
    IPasteRepository repository,
    TimeProvider timeProvider,
    IOptions<PasteOptions> options) : IQueryHandler<GetCallerLimitsQuery, CallerLimits>
{
    public async ValueTask<CallerLimits> Handle(GetCallerLimitsQuery query, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        QuotaUsage? quota = null;
        if (query.Owner is { } owner)
        {
            var used = await repository.GetOwnerUsageAsync(owner, timeProvider.GetUtcNow(), settings.Expiry, cancellationToken);
            quota = new QuotaUsage(settings.Quotas.MaxPastesPerOwner, settings.Quotas.MaxBytesPerOwner, used);
        }

        return new CallerLimits(settings.SizeLimits.For(query.Owner is not null), settings.MaxLifetime, settings.Expiry, quota);
    }
}
