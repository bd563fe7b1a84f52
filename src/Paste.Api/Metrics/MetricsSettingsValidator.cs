using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Paste.Api.Metrics;

public sealed class MetricsSettingsValidator : IValidateOptions<MetricsSettings>
{
    public ValidateOptionsResult Validate(string? name, MetricsSettings options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AllowedNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.AllowedNetworks[i], out _))
            {
                failures.Add($"{MetricsSettings.SectionName}:{nameof(options.AllowedNetworks)}:{i} must be a network in CIDR form, such as 10.0.0.0/8.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
