namespace Paste.Application.Common;

/// <summary><c>Paste:Quotas</c>: what one owner's live pastes may take together; unset means unlimited.</summary>
public sealed class QuotaOptions
{
    public long? MaxPastesPerOwner { get; set; }

    public long? MaxBytesPerOwner { get; set; }
}
