namespace Paste.Api.Hosting;

/// <summary><c>Paste:ShutdownGrace</c>: how a stop (SIGTERM, Ctrl+C, systemctl stop) treats requests in flight.</summary>
public sealed class ShutdownSettings
{
    public const string SectionName = "Paste";

    /// <summary>
    /// How long requests in flight may take to finish once a stop begins; the service stops accepting at once.
    /// Requests still running at the deadline are cut off and never acknowledged.
    /// </summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);
}
