using Microsoft.Extensions.Options;

namespace Paste.Application.Common;

public sealed class PasteOptionsValidator : IValidateOptions<PasteOptions>
{
    /// <summary>SQLite's default maximum blob length; a larger paste could never be stored.</summary>
    private const long MaxStorableBytes = 1_000_000_000;

    /// <summary>
    /// A proxy secret is a password that never has to be typed: anything shorter than 32 characters (the 32 hex digits of
    /// 16 random bytes) is a value someone chose rather than generated.
    /// </summary>
    public const int MinProxySecretLength = 32;

    /// <summary>What the shipped examples (paste.env.example, the nginx site) hold until the operator generates a secret.</summary>
    public const string ProxySecretPlaceholder = "CHANGE-ME";

    /// <summary>
    /// A hundred years: the longest a paste may be kept, unread or in all. Much longer and a paste's dates would pass
    /// the last one the calendar types hold, and every create would fail.
    /// </summary>
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(36500);

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

        if (options.Expiry <= TimeSpan.Zero || options.Expiry > MaxRetention)
        {
            failures.Add($"{prefix}{nameof(options.Expiry)} must be a positive duration of at most {MaxRetention.TotalDays:0} days, such as 5.00:00:00.");
        }

        if (options.MaxLifetime < TimeSpan.FromSeconds(1) || options.MaxLifetime > MaxRetention)
        {
            failures.Add($"{prefix}{nameof(options.MaxLifetime)} must be at least one second and at most {MaxRetention.TotalDays:0} days, such as 30.00:00:00.");
        }

        if (options.Quotas.MaxPastesPerOwner <= 0)
        {
            failures.Add($"{prefix}{nameof(options.Quotas)}:{nameof(QuotaOptions.MaxPastesPerOwner)} must be a positive number of pastes, or unset for no quota.");
        }

        if (options.Quotas.MaxBytesPerOwner <= 0)
        {
            failures.Add($"{prefix}{nameof(options.Quotas)}:{nameof(QuotaOptions.MaxBytesPerOwner)} must be a positive number of bytes, or unset for no quota.");
        }

        DurationSetting.Check(failures, prefix + nameof(options.CleanupInterval), options.CleanupInterval, "01:00:00");

        // The value itself is never in a message: it is a secret, and the message goes to the journal.
        if (options.ProxySecret.Contains(ProxySecretPlaceholder, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{prefix}{nameof(options.ProxySecret)} is still the placeholder {ProxySecretPlaceholder}: set it, and the proxy's X-Proxy-Secret, to a generated secret such as the output of openssl rand -hex 32.");
        }
        else if (options.ProxySecret.Length is > 0 and < MinProxySecretLength)
        {
            failures.Add($"{prefix}{nameof(options.ProxySecret)} must be at least {MinProxySecretLength} characters, such as the output of openssl rand -hex 32, or empty for none.");
        }

        if (options.PublicBaseUrl.Length > 0
            && !(Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query)))
        {
            failures.Add($"{prefix}{nameof(options.PublicBaseUrl)} must be an absolute http or https URL without a query, such as https://paste.example.com.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
