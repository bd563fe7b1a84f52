using Microsoft.Extensions.Options;
using Paste.Api.Protection;

namespace Paste.Api.Metrics;

public sealed class MetricsSettingsValidator : IValidateOptions<MetricsSettings>
{
    public ValidateOptionsResult Validate(string? name, MetricsSettings options)
    {
        var failures = new List<string>();
        ProtectionSettingsValidator.Networks(failures, $"{MetricsSettings.SectionName}:{nameof(options.AllowedNetworks)}", options.AllowedNetworks);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
