namespace Paste.Cli;

/// <summary>What the tool's exit status means, for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server refused the request; its JSON error is on standard error. Also: a webhook that does not verify.</summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong, or a setting it needs is missing.</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached, or the connection broke.</summary>
    public const int Network = 3;

    /// <summary>Interrupted (Ctrl-C), as shells report a process ended by SIGINT.</summary>
    public const int Cancelled = 130;
}
