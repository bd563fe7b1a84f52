using Microsoft.Extensions.Options;

namespace Paste.Application.ServerFunctions;

public sealed class ServerFunctionOptionsValidator : IValidateOptions<ServerFunctionOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerFunctionOptions options)
    {
        var failures = new List<string>();
        const string prefix = ServerFunctionOptions.SectionName + ":";
        if (options.RequestTtl <= TimeSpan.Zero || options.RequestTtl > TimeSpan.FromHours(1))
        {
            failures.Add($"{prefix}{nameof(options.RequestTtl)} must be a positive duration of at most one hour, such as 00:00:30.");
        }

        if (string.IsNullOrWhiteSpace(options.BoxKeyPath))
        {
            failures.Add($"{prefix}{nameof(options.BoxKeyPath)} must name a file.");
        }

        if (options.MaxKeyTrials is < 1 or > 10_000)
        {
            failures.Add($"{prefix}{nameof(options.MaxKeyTrials)} must be between 1 and 10000.");
        }

        if (options.MaxConcurrentRunsPerClient is < 1 or > ServerFunctionSettings.MaxConcurrentRunsLimit)
        {
            failures.Add($"{prefix}{nameof(options.MaxConcurrentRunsPerClient)} must be between 1 and {ServerFunctionSettings.MaxConcurrentRunsLimit}.");
        }

        foreach (var (functionName, function) in options.Functions)
        {
            failures.AddRange(ValidateFunction($"{prefix}{nameof(options.Functions)}:{functionName}", functionName, function));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> ValidateFunction(string key, string functionName, ServerFunctionSettings function)
    {
        if (!BuiltInServerFunctions.IsValidName(functionName))
        {
            yield return $"{key}: a function name is 1 to 64 letters, digits, '_', '-' or '.'.";
        }

        if (string.IsNullOrWhiteSpace(function.Command))
        {
            yield return $"{key}:{nameof(function.Command)} must name an executable.";
        }

        if (function.Timeout <= TimeSpan.Zero || function.Timeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{key}:{nameof(function.Timeout)} must be a positive duration of at most ten minutes, such as 00:00:10.";
        }

        if (function.MaxOutputBytes is < 1 or > ServerFunctionSettings.MaxOutputLimit)
        {
            yield return $"{key}:{nameof(function.MaxOutputBytes)} must be between 1 and {ServerFunctionSettings.MaxOutputLimit}.";
        }

        if (function.MaxConcurrentRuns is < 1 or > ServerFunctionSettings.MaxConcurrentRunsLimit)
        {
            yield return $"{key}:{nameof(function.MaxConcurrentRuns)} must be between 1 and {ServerFunctionSettings.MaxConcurrentRunsLimit}.";
        }

        if (function.WorkingDirectory.Length > 0 && !Directory.Exists(function.WorkingDirectory))
        {
            yield return $"{key}:{nameof(function.WorkingDirectory)} must be an existing directory; '{function.WorkingDirectory}' is not.";
        }

        foreach (var variable in function.Environment.Keys.Where(v => v.Length == 0 || v.Contains('=')))
        {
            yield return $"{key}:{nameof(function.Environment)}: '{variable}' is not a variable name.";
        }
    }
}
