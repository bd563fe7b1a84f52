using Microsoft.Extensions.Options;

namespace Paste.Application.Webhooks;

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        const string prefix = WebhookOptions.SectionName + ":";

        for (var i = 0; i < options.Urls.Count; i++)
        {
            if (!Uri.TryCreate(options.Urls[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"{prefix}{nameof(options.Urls)}:{i} must be an absolute http or https URL.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.SigningKeyPath))
        {
            failures.Add($"{prefix}{nameof(options.SigningKeyPath)} must name a file.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.Timeout)} must be a positive duration such as 00:00:10.");
        }

        if (options.InitialRetryDelay <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.InitialRetryDelay)} must be a positive duration such as 00:00:10.");
        }

        if (options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add($"{prefix}{nameof(options.MaxRetryDelay)} must not be shorter than {prefix}{nameof(options.InitialRetryDelay)}.");
        }

        if (options.MaxAttempts is < 1 or > 1000)
        {
            failures.Add($"{prefix}{nameof(options.MaxAttempts)} must be between 1 and 1000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
