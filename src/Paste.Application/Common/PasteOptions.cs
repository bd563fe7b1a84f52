using Microsoft.Extensions.Options;
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

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When set, the client-certificate header is trusted only with a matching X-Proxy-Secret.</summary>
    public string ProxySecret { get; set; } = string.Empty;

    /// <summary>
    /// When set, absolute URLs are built from it instead of the request's scheme and host. A trailing slash is
    /// dropped once, when the options are bound, so every URL built on it has exactly one slash before the id.
    /// </summary>
    public string PublicBaseUrl { get; set; } = string.Empty;

    public PasteSizeLimits SizeLimits => new(MaxAnonymousBytes, MaxAuthenticatedBytes);
}

public sealed class PasteOptionsValidator : IValidateOptions<PasteOptions>
{
    /// <summary>SQLite's default maximum blob length; a larger paste could never be stored.</summary>
    private const long MaxStorableBytes = 1_000_000_000;

    public ValidateOptionsResult Validate(string? name, PasteOptions options)
    {
        var failures = new List<string>();
        const string prefix = PasteOptions.SectionName + ":";

        if (options.MaxAnonymousBytes is <= 0 or > MaxStorableBytes)
        {
            failures.Add($"{prefix}{nameof(options.MaxAnonymousBytes)} must be between 1 and {MaxStorableBytes} bytes.");
        }

        if (options.MaxAuthenticatedBytes is <= 0 or > MaxStorableBytes)
        {
            failures.Add($"{prefix}{nameof(options.MaxAuthenticatedBytes)} must be between 1 and {MaxStorableBytes} bytes.");
        }
        else if (options.MaxAuthenticatedBytes < options.MaxAnonymousBytes)
        {
            failures.Add($"{prefix}{nameof(options.MaxAuthenticatedBytes)} must not be smaller than {prefix}{nameof(options.MaxAnonymousBytes)}.");
        }

        if (options.Expiry <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.Expiry)} must be a positive duration such as 5.00:00:00.");
        }

        if (options.CleanupInterval <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.CleanupInterval)} must be a positive duration such as 01:00:00.");
        }

        if (options.PublicBaseUrl.Length > 0
            && !(Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query)))
        {
            failures.Add($"{prefix}{nameof(options.PublicBaseUrl)} must be an absolute http or https URL without a query, such as https://paste.example.com.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
