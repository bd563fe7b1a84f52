namespace Paste.Api.Metrics;

/// <summary><c>Paste:Metrics</c>: who may read <c>/metrics</c>.</summary>
public sealed class MetricsSettings
{
    public const string SectionName = "Paste:Metrics";

    /// <summary>Networks in CIDR notation whose clients may read /metrics; none configured means loopback only.</summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
