namespace Paste.Api.Pages;

/// <summary>What the create page tells its reader: how much they may paste, how long it lives, how to do it with curl.</summary>
/// <param name="MaxBytes">The caller's size limit (anonymous, or the larger one for an identified client).</param>
/// <param name="Expiry">How long a paste lives after its last read.</param>
/// <param name="BaseUrl">The service's address, for the curl examples.</param>
public sealed record CreatePage(long MaxBytes, TimeSpan Expiry, string BaseUrl);
