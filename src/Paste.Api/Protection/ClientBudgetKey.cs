using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Paste.Api.Protection;

/// <summary>
/// Whose share a request takes of every budget kept per client address: the rate limits, the uploads in progress and
/// the first-request log. The address is the client's as trusted forwarded headers leave it. An IPv6 address counts
/// by its network of <see cref="RateLimitSettings.Ipv6PrefixLength"/> bits (a /64 by default): one host or one
/// customer is routinely given a whole /64 and may take any address in it at will, so counting addresses one by one
/// would give one caller 2^64 budgets. An IPv4-mapped IPv6 address (an IPv4 client as a dual-stack socket sees it)
/// counts as the IPv4 address it is.
/// </summary>
public sealed class ClientBudgetKey(IOptions<RateLimitSettings> settings)
{
    /// <summary>The key of a request whose server gave no client address (a Unix socket, the in-memory test server).</summary>
    public const string Unknown = "unknown";

    /// <summary>The budget key of the caller of <paramref name="context"/>: an IPv4 address, or an IPv6 network such as 2001:db8::/64.</summary>
    public string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress, settings.Value.Ipv6PrefixLength);

    public static string Of(IPAddress? address, int ipv6PrefixLength) => address switch
    {
        null => Unknown,
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
        { AddressFamily: AddressFamily.InterNetworkV6 } => Network(address, ipv6PrefixLength).ToString(),
        _ => address.ToString(),
    };

    /// <summary>The network of <paramref name="prefixLength"/> bits that holds <paramref name="address"/>; its scope id is dropped.</summary>
    private static IPNetwork Network(IPAddress address, int prefixLength)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        for (var bit = prefixLength; bit < 128; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPNetwork(new IPAddress(bytes), prefixLength);
    }
}
