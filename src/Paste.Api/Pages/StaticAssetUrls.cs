using Microsoft.AspNetCore.StaticAssets;

namespace Paste.Api.Pages;

/// <summary>
/// The fingerprinted address (<c>css/paste.1a2b3c4d5e.css</c>) of a file from wwwroot, as the build's static-asset
/// manifest names it: served with a year's caching, so a changed file reaches browsers under a new name.
/// </summary>
public sealed class StaticAssetUrls(EndpointDataSource endpoints)
{
    private readonly Lazy<IReadOnlyDictionary<string, string>> fingerprinted = new(() => endpoints.Endpoints
        .Select(endpoint => endpoint.Metadata.GetMetadata<StaticAssetDescriptor>())
        .OfType<StaticAssetDescriptor>()
        .Where(asset => asset.Selectors.Count == 0)
        .SelectMany(asset => asset.Properties.Where(p => p.Name == "label").Select(label => (Label: label.Value, asset.Route)))
        .DistinctBy(asset => asset.Label)
        .ToDictionary(asset => asset.Label, asset => asset.Route));

    /// <summary>The path to link to <paramref name="file"/> (relative to wwwroot) with: fingerprinted when the manifest has it.</summary>
    public string For(string file) => "/" + fingerprinted.Value.GetValueOrDefault(file, file);

    /// <summary>Whether <paramref name="endpoint"/> serves a file from wwwroot, whose caching headers are the manifest's.</summary>
    public static bool Serves(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
}
