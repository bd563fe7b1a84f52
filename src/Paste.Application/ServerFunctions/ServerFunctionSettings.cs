namespace Paste.Application.ServerFunctions;

/// <summary>
/// One operator function, <c>Paste:V1:Functions:&lt;name&gt;</c>: an executable started without a shell, the call's
/// <c>args</c> on its standard input, its standard output the call's value.
/// </summary>
public sealed class ServerFunctionSettings
{
    public const int MaxOutputLimit = 16 * 1024 * 1024;

    /// <summary>The most runs at once a bound may allow, per client or per function.</summary>
    public const int MaxConcurrentRunsLimit = 1000;

    /// <summary>The executable: an absolute path, or a name looked up on the service's PATH.</summary>
    public string Command { get; set; } = "";

    /// <summary>Arguments passed as they are, one each: no shell splits, expands or quotes them.</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>How long the function may run before it is killed and the call answers 502.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most standard output a call may return; more kills the function and the call answers 502.</summary>
    public int MaxOutputBytes { get; set; } = 64 * 1024;

    /// <summary>How many runs of this function may go at once, whoever the callers: past it a call answers 429.</summary>
    public int MaxConcurrentRuns { get; set; } = 8;

    /// <summary>The directory the function runs in; empty for the service's own working directory.</summary>
    public string WorkingDirectory { get; set; } = "";

    /// <summary>The function's whole environment: nothing of the service's own (its secrets included) is passed on.</summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);
}
