using System.Net;
using Paste.Api.Protection;

namespace Paste.Api.Tests.Protection;

/// <summary>Whose budget an address takes: an IPv4 address its own, an IPv6 address its network's.</summary>
public sealed class ClientBudgetKeyTests
{
    private static string KeyOf(string address, int ipv6PrefixLength = 64) => ClientBudgetKey.Of(IPAddress.Parse(address), ipv6PrefixLength);

    [TestCase("2001:db8::1")]
    [TestCase("2001:db8::2")]
    [TestCase("2001:db8::ffff:ffff:ffff:ffff")]
    [TestCase("2001:0db8:0000:0000:1234:5678:9abc:def0")]
    [TestCase("2001:db8::1%3", TestName = "A scope id does not make another client")]
    public void Every_address_of_one_ipv6_64_is_one_client(string address) =>
        Assert.That(KeyOf(address), Is.EqualTo("2001:db8::/64"));

    [TestCase("2001:db8:0:1::1", "2001:db8:0:1::/64")]
    [TestCase("2001:db8:ffff:ffff::1", "2001:db8:ffff:ffff::/64")]
    [TestCase("fe80::1", "fe80::/64")]
    [TestCase("::1", "::/64")]
    public void Another_ipv6_64_is_another_client(string address, string key) =>
        Assert.That(KeyOf(address), Is.EqualTo(key));

    [TestCase(48, "2001:db8:aa::/48")]
    [TestCase(56, "2001:db8:aa:bb00::/56")]
    [TestCase(60, "2001:db8:aa:bbc0::/60")]
    [TestCase(1, "::/1")]
    [TestCase(127, "2001:db8:aa:bbcc:1:2:3:4/127")]
    [TestCase(128, "2001:db8:aa:bbcc:1:2:3:5/128")]
    public void The_prefix_length_says_how_many_leading_bits_name_the_client(int prefixLength, string key) =>
        Assert.That(KeyOf("2001:db8:aa:bbcc:1:2:3:5", prefixLength), Is.EqualTo(key));

    [TestCase("203.0.113.7")]
    [TestCase("::ffff:203.0.113.7", TestName = "An IPv4-mapped IPv6 address is the IPv4 address it maps")]
    public void An_ipv4_client_is_its_own_address_whatever_the_ipv6_prefix(string address)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(KeyOf(address), Is.EqualTo("203.0.113.7"));
            Assert.That(KeyOf(address, 8), Is.EqualTo("203.0.113.7"));
        }
    }

    [Test]
    public void Neighbouring_ipv4_addresses_are_different_clients() =>
        Assert.That(KeyOf("203.0.113.8"), Is.Not.EqualTo(KeyOf("203.0.113.7")));

    [Test]
    public void A_request_without_an_address_is_the_unknown_client() =>
        Assert.That(ClientBudgetKey.Of(null, 64), Is.EqualTo(ClientBudgetKey.Unknown));
}
