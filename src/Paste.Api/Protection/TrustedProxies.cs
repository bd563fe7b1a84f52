using System.Net;
using Microsoft.Extensions.Options;

namespace Paste.Api.Protection;

/// <summary>
/// The proxies whose word the service takes: the peers whose X-Forwarded-For and X-Forwarded-Proto the forwarded-headers
/// middleware applies (loopback by default, otherwise exactly <c>Paste:ForwardedHeaders:KnownProxies</c> and
/// <c>KnownNetworks</c>), and so, while no <c>Paste:ProxySecret</c> is set, the only peers whose X-SSL-Client-SHA1 is
/// an identity. The list is read from that middleware's own options, so that the two can never disagree.
/// </summary>
public sealed class TrustedProxies(IOptions<ForwardedHeadersOptions> options)
{
    /// <summary>
    /// Whether the request's connection comes from a trusted proxy. The question is about the connection's own peer
    /// (<see cref="ConnectionPeer"/>), not the client a proxy names. A connection without an IP address (a Unix socket,
    /// the in-memory test server) is local and trusted, as the forwarded-headers middleware trusts it; a request whose
    /// peer was not kept is not trusted.
    /// </summary>
    public bool Connected(HttpContext context) =>
        context.Features.Get<ConnectionPeer>() is { } peer && (peer.Address is null || IsTrusted(peer.Address));

    /// <summary>The forwarded-headers middleware's own test: an IPv4-mapped address also counts as the IPv4 address it maps.</summary>
    private bool IsTrusted(IPAddress address) =>
        options.Value.KnownProxies.Contains(address)
        || options.Value.KnownIPNetworks.Any(network => network.Contains(address))
        || (address.IsIPv4MappedToIPv6 && IsTrusted(address.MapToIPv4()));
}

/// <summary>
/// The address at the other end of a request's connection, kept by <see cref="ProtectionSetup.UseConnectionPeer"/>
/// before UseForwardedHeaders replaces RemoteIpAddress with the client a trusted proxy names. Null when the server has
/// no IP address for the connection.
/// </summary>
public sealed record ConnectionPeer(IPAddress? Address);
