using Microsoft.Extensions.Options;

namespace Paste.Api.Pages;

public sealed class PagesSettingsValidator : IValidateOptions<PagesSettings>
{
    /// <summary>Far above any machine's processors: a larger number would only mean "no limit".</summary>
    private const int MaxHighlights = 1024;

    public ValidateOptionsResult Validate(string? name, PagesSettings options)
    {
        var failures = new List<string>();
        const string prefix = PagesSettings.SectionName + ":";

        if (options.MaxConcurrentHighlights is < 0 or > MaxHighlights)
        {
            failures.Add($"{prefix}{nameof(options.MaxConcurrentHighlights)} must be between 0 (no colours) and {MaxHighlights}.");
        }

        if (options.HighlightCacheBytes <= 0)
        {
            failures.Add($"{prefix}{nameof(options.HighlightCacheBytes)} must be a positive number of bytes, such as 33554432 (32 MiB).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
