namespace Paste.Application.Common;

/// <summary>
/// An owner's quota (<c>Paste:Quotas</c>), applied by the store to the owner's live pastes inside the transaction
/// that stores a new one, so that concurrent creates cannot pass it together.
/// </summary>
/// <param name="Now">Pastes expired at this time no longer count.</param>
/// <param name="Expiry">How long a paste lives after its last read.</param>
public sealed record OwnerQuota(string Owner, long? MaxPastes, long? MaxBytes, DateTimeOffset Now, TimeSpan Expiry)
{
    /// <exception cref="QuotaExceededException">A paste of <paramref name="size"/> bytes would pass a quota.</exception>
    public void Admit(OwnerUsage usage, long size)
    {
        if (usage.Pastes + 1 > MaxPastes)
        {
            throw new QuotaExceededException(nameof(QuotaOptions.MaxPastesPerOwner), usage.Pastes, MaxPastes.Value);
        }

        if (usage.Bytes + size > MaxBytes)
        {
            throw new QuotaExceededException(nameof(QuotaOptions.MaxBytesPerOwner), usage.Bytes, MaxBytes.Value);
        }
    }
}
