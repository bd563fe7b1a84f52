using Microsoft.Extensions.Options;

namespace Paste.Application.Clients;

public sealed class SignatureOptionsValidator : IValidateOptions<SignatureOptions>
{
    public ValidateOptionsResult Validate(string? name, SignatureOptions options)
    {
        var failures = new List<string>();
        const string prefix = SignatureOptions.SectionName + ":";
        if (options.ClockSkew <= TimeSpan.Zero || options.ClockSkew > TimeSpan.FromHours(1))
        {
            failures.Add($"{prefix}{nameof(options.ClockSkew)} must be a positive duration of at most one hour, such as 00:05:00.");
        }

        if (string.IsNullOrWhiteSpace(options.KeyRingPath))
        {
            failures.Add($"{prefix}{nameof(options.KeyRingPath)} must name a directory.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
