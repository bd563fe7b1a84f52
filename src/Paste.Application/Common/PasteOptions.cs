using Paste.Domain.Pastes;

namespace Paste.Application.Common;

/// <summary>The <c>Paste</c> configuration section.</summary>
public sealed class PasteOptions
{
    public const string SectionName = "Paste";

    public long MaxAnonymousBytes { get; set; } = 3 * 1024 * 1024;

    public long MaxAuthenticatedBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>How long a paste lives after its last read.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromDays(5);

    /// <summary>The longest lifetime a creator may ask for with <c>expires_in</c>.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Anonymous pastes have no owner and so no quota; their size and rate limits bound them.</summary>
    public QuotaOptions Quotas { get; set; } = new();

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// When set (at least 32 characters), the client-certificate header is trusted only with a matching X-Proxy-Secret;
    /// when empty, only from a trusted proxy's connection (Paste:ForwardedHeaders, loopback by default).
    /// </summary>
    public string ProxySecret { get; set; } = string.Empty;

    /// <summary>
    /// When set, absolute URLs are built from it instead of the request's scheme and host. A trailing slash is
    /// dropped once, when the options are bound, so every URL built on it has exactly one slash before the id.
    /// </summary>
    public string PublicBaseUrl { get; set; } = string.Empty;

    public PasteSizeLimits SizeLimits => new(MaxAnonymousBytes, MaxAuthenticatedBytes);
}
