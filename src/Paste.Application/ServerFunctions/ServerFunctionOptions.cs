namespace Paste.Application.ServerFunctions;

/// <summary>The <c>Paste:V1</c> configuration section: sealed calls to server functions at <c>POST /v1</c>.</summary>
public sealed class ServerFunctionOptions
{
    public const string SectionName = "Paste:V1";

    /// <summary>How far a call's <c>ts</c> may be from the server's clock, either way; a nonce is remembered this long.</summary>
    public TimeSpan RequestTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the server's X25519 box key is kept; created on first start, readable by its owner only.</summary>
    public string BoxKeyPath { get; set; } = "data/box.key";

    /// <summary>
    /// How many registered box keys a call that does not name its client may be tried with, oldest first: each try
    /// costs a key agreement, and a caller without a key must not be able to make the server do unbounded work.
    /// </summary>
    public int MaxKeyTrials { get; set; } = 64;

    /// <summary>
    /// How many operator functions one client may have running at once, whichever they are: past it a call answers 429,
    /// so that one client cannot fill the machine with processes.
    /// </summary>
    public int MaxConcurrentRunsPerClient { get; set; } = 4;

    /// <summary>The operator's functions by the name a client calls them with, beside the built-in <c>time_test</c>.</summary>
    public Dictionary<string, ServerFunctionSettings> Functions { get; set; } = new(StringComparer.Ordinal);
}
