namespace Paste.Api.Protection;

/// <summary><c>Paste:Cors</c>: browser origins allowed to call the API; empty means no CORS headers at all.</summary>
public sealed class CorsSettings
{
    public const string SectionName = "Paste:Cors";

    public IList<string> AllowedOrigins { get; } = [];
}
