using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using Paste.Application.Common;

namespace Paste.Api.Protection;

/// <summary>
/// Without <c>Paste:PublicBaseUrl</c>, the addresses the service hands out carry the request's Host; a list of allowed
/// hosts that admits any host would let a caller choose it. (An empty list is any host too: the framework reads it as "*".)
/// </summary>
public sealed class AllowedHostsValidator(IOptions<PasteOptions> pasteOptions) : IValidateOptions<HostFilteringOptions>
{
    /// <summary>The entries the host filtering middleware reads as "any host".</summary>
    private static readonly string[] AnyHost = ["*", "[::]", "0.0.0.0"];

    public ValidateOptionsResult Validate(string? name, HostFilteringOptions options) =>
        pasteOptions.Value.PublicBaseUrl.Length == 0 && options.AllowedHosts.Any(host => AnyHost.Contains(host))
            ? ValidateOptionsResult.Fail(
                $"{HostFilteringSetup.AllowedHostsKey} admits any host while {PasteOptions.SectionName}:{nameof(PasteOptions.PublicBaseUrl)} is unset, so "
                + "the addresses the service hands out would carry whatever host a caller sends: set "
                + $"{PasteOptions.SectionName}:{nameof(PasteOptions.PublicBaseUrl)}, or list the service's host names in "
                + $"{HostFilteringSetup.AllowedHostsKey}, such as paste.example.com;localhost;127.0.0.1.")
            : ValidateOptionsResult.Success;
}
