using System.Net;
using System.Net.Sockets;

namespace NewsClassifier.Application.Outbound;

/// <summary>
/// Which addresses a download may connect to: public unicast only. Everything that reaches this machine, its network
/// or a cloud's metadata service (169.254.169.254) is refused, in every spelling: IPv4-mapped (<c>::ffff:127.0.0.1</c>),
/// IPv4-compatible, NAT64 and 6to4 IPv6 addresses are judged by the IPv4 address they carry.
/// </summary>
public static class AddressRules
{
    private static readonly (IPNetwork Network, string Kind)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (\"this network\") address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT (shared) address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved (IETF protocol) address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved (benchmarking) address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("255.255.255.255/32"), "a broadcast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local (private) address"),
        (IPNetwork.Parse("fc00::/7"), "a private (unique local) address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
        (IPNetwork.Parse("100::/64"), "a discard-only address"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Ipv4Compatible = IPNetwork.Parse("::/96");

    /// <summary>Null for a public address; otherwise what it is ("a loopback address"), for the refusal message.</summary>
    public static string? WhyRefused(IPAddress address)
    {
        var normal = Normalise(address);
        foreach (var (network, kind) in Refused)
        {
            if (network.BaseAddress.AddressFamily == normal.AddressFamily && network.Contains(normal)) return kind;
        }
        return null;
    }

    /// <summary>The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4), else the address itself
    /// without its scope id.</summary>
    public static IPAddress Normalise(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address;
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        // :: and ::1 are IPv6's own unspecified and loopback addresses, not IPv4-compatible forms of 0.0.0.0 / 0.0.0.1.
        if (Ipv4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
            return new IPAddress(bytes.AsSpan(12, 4));
        if (Nat64.Contains(address)) return new IPAddress(bytes.AsSpan(12, 4));
        if (SixToFour.Contains(address)) return new IPAddress(bytes.AsSpan(2, 4));
        return address.ScopeId == 0 ? address : new IPAddress(bytes);
    }
}
