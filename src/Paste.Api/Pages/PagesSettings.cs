namespace Paste.Api.Pages;

/// <summary><c>Paste:Pages</c>: how much of the machine colouring the paste pages may take.</summary>
public sealed class PagesSettings
{
    public const string SectionName = "Paste:Pages";

    /// <summary>
    /// How many pages may be coloured at the same moment; a page beyond that is shown plain at once rather than wait.
    /// Half the processors by default, so that colouring, which anyone can ask for, never holds every core; 0 shows
    /// every page plain.
    /// </summary>
    public int MaxConcurrentHighlights { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>The memory the colourings kept for repeated views may take, in bytes (two per character of HTML).</summary>
    public long HighlightCacheBytes { get; set; } = 32 * 1024 * 1024;
}
