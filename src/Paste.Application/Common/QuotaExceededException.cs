namespace Paste.Application.Common;

/// <summary>A create refused because the owner's pastes would pass one of its quotas; deleting or expiry frees room.</summary>
/// <param name="Quota">The setting that refused, e.g. <c>MaxPastesPerOwner</c>.</param>
/// <param name="Used">What the owner's live pastes take now, in the quota's unit.</param>
/// <param name="Allowed">The quota, in the same unit.</param>
public sealed class QuotaExceededException(string quota, long used, long allowed)
    : PasteException($"Quota exceeded: {quota} allows {allowed}, {used} in use")
{
    public string Quota { get; } = quota;

    public long Used { get; } = used;

    public long Allowed { get; } = allowed;
}
