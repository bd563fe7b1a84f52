namespace Paste.Application.Clients;

/// <summary>The <c>Paste:Signatures</c> configuration section.</summary>
public sealed class SignatureOptions
{
    public const string SectionName = "Paste:Signatures";

    /// <summary>How far a signed request's Date may be from the server's clock, either way.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where the key ring that protects client secrets is kept.</summary>
    public string KeyRingPath { get; set; } = "data/keys";
}
