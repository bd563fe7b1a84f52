using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Application.Webhooks;

public sealed class WebhookOptionsValidator(IOptions<PasteOptions> pasteOptions) : IValidateOptions<WebhookOptions>
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

        // An announcement is signed, and its receivers act on the address in it: that address must be the service's own,
        // never one built on the Host of the request that created the paste.
        if (options.Urls.Count > 0 && pasteOptions.Value.PublicBaseUrl.Length == 0)
        {
            failures.Add($"{PasteOptions.SectionName}:{nameof(PasteOptions.PublicBaseUrl)} must be set when {prefix}{nameof(options.Urls)} names a receiver: "
                + "announcements carry the paste's address, which must not come from a request's Host.");
        }

        if (string.IsNullOrWhiteSpace(options.SigningKeyPath))
        {
            failures.Add($"{prefix}{nameof(options.SigningKeyPath)} must name a file.");
        }

        DurationSetting.Check(failures, prefix + nameof(options.Timeout), options.Timeout, "00:00:10");
        DurationSetting.Check(failures, prefix + nameof(options.InitialRetryDelay), options.InitialRetryDelay, "00:00:10");
        DurationSetting.Check(failures, prefix + nameof(options.MaxRetryDelay), options.MaxRetryDelay, "01:00:00");
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
