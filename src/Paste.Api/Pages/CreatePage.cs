namespace Paste.Api.Pages;

/// <summary>What the create page tells its reader: how much they may paste, how long it lives, how to do it with curl.</summary>
/// <param name="MaxBytes">The caller's size limit (anonymous, or the larger one for an identified client).</param>
/// <param name="Expiry">How long a paste lives after its last read.</param>
/// <param name="BaseUrl">The service's address, for the curl examples.</param>
/// <param name="MaxLifetime">The longest lifetime a creator may ask for.</param>
public sealed record CreatePage(long MaxBytes, TimeSpan Expiry, string BaseUrl, TimeSpan MaxLifetime)
{
    private static readonly (string Label, TimeSpan Lifetime)[] Lifetimes =
    [
        ("10 minutes", TimeSpan.FromMinutes(10)),
        ("1 hour", TimeSpan.FromHours(1)),
        ("1 day", TimeSpan.FromDays(1)),
        ("1 week", TimeSpan.FromDays(7)),
        ("30 days", TimeSpan.FromDays(30)),
    ];

    /// <summary>The lifetimes the form offers (seconds, as <c>expires_in</c> takes them): those the service allows.</summary>
    public IEnumerable<(string Label, long Seconds)> LifetimeChoices =>
        Lifetimes.Where(choice => choice.Lifetime <= MaxLifetime).Select(choice => (choice.Label, (long)choice.Lifetime.TotalSeconds));
}
