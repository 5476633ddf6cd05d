using System.Net;
using NewsClassifier.Application.Outbound;

namespace NewsClassifier.Application.Tests.Outbound;

public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("127.255.0.9", "a loopback address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("0.0.0.0", "an unspecified (\"this network\") address")]
    [InlineData("::", "an unspecified address")]
    [InlineData("169.254.169.254", "a link-local address")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("fe80::1%2", "a link-local address")]
    [InlineData("10.0.0.1", "a private address")]
    [InlineData("172.16.0.1", "a private address")]
    [InlineData("172.31.255.254", "a private address")]
    [InlineData("192.168.0.10", "a private address")]
    [InlineData("fc00::1", "a private (unique local) address")]
    [InlineData("fd12:3456::1", "a private (unique local) address")]
    [InlineData("100.64.0.1", "a carrier-grade NAT (shared) address")]
    [InlineData("100.127.255.254", "a carrier-grade NAT (shared) address")]
    [InlineData("224.0.0.1", "a multicast address")]
    [InlineData("239.255.255.250", "a multicast address")]
    [InlineData("ff02::1", "a multicast address")]
    [InlineData("255.255.255.255", "a broadcast address")]
    [InlineData("240.0.0.1", "a reserved address")]
    // IPv6 spellings of IPv4 addresses are judged by the IPv4 address they carry.
    [InlineData("::ffff:127.0.0.1", "a loopback address")]
    [InlineData("::ffff:169.254.169.254", "a link-local address")]
    [InlineData("::ffff:10.1.2.3", "a private address")]
    [InlineData("::ffff:0.0.0.0", "an unspecified (\"this network\") address")]
    [InlineData("::7f00:1", "a loopback address")] // IPv4-compatible
    [InlineData("64:ff9b::a9fe:a9fe", "a link-local address")] // NAT64 of 169.254.169.254
    [InlineData("2002:7f00:1::", "a loopback address")] // 6to4 of 127.0.0.1
    public void Refuses_internal_addresses_with_their_kind(string address, string kind) =>
        Assert.Equal(kind, AddressRules.WhyRefused(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")] // just outside 172.16/12
    [InlineData("100.128.0.1")] // just outside 100.64/10
    [InlineData("192.169.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2002:808:808::1")] // 6to4 of 8.8.8.8
    public void Public_addresses_pass(string address) => Assert.Null(AddressRules.WhyRefused(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("10.20.0.0/16", "10.20.9.9", true)]
    [InlineData("10.20.0.0/16", "10.21.0.1", false)]
    [InlineData("fd00::/8", "fd00::5", true)]
    [InlineData("mirror.internal", "10.20.9.9", false)] // a name allows the name, not its addresses for other names
    public void The_allow_list_holds_addresses_and_ranges(string entry, string address, bool allowed) =>
        Assert.Equal(allowed, new AllowedHostList([entry]).AllowsAddress(IPAddress.Parse(address)));

    [Fact]
    public void The_allow_list_matches_names_exactly_ignoring_case_and_a_final_dot()
    {
        var list = new AllowedHostList(["Mirror.Internal"]);
        Assert.True(list.AllowsName("mirror.internal"));
        Assert.True(list.AllowsName("MIRROR.internal."));
        Assert.False(list.AllowsName("evil.mirror.internal"));
        Assert.False(list.AllowsName("mirror.internal.evil.com"));
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("mirror.example.org", true)]
    [InlineData("", false)]
    [InlineData("not a host!", false)]
    [InlineData("10.0.0.0/99", false)]
    [InlineData("http://mirror/", false)]
    public void Entries_are_validated(string entry, bool valid) => Assert.Equal(valid, AllowedHostList.IsValidEntry(entry));
}
