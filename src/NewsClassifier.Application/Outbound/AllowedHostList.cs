using System.Net;

namespace NewsClassifier.Application.Outbound;

/// <summary>Outbound:AllowedHosts parsed once: host names compared exactly, addresses and CIDR ranges by containment
/// (an IPv4-mapped IPv6 address counts as its IPv4 address, so one entry covers both spellings).</summary>
public sealed class AllowedHostList
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> _networks = [];

    public AllowedHostList(IEnumerable<string> entries)
    {
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (TryParseNetwork(entry, out var network)) _networks.Add(network);
            else if (IsHostName(entry)) _names.Add(NormaliseName(entry));
        }
    }

    public bool IsEmpty => _names.Count == 0 && _networks.Count == 0;

    public bool AllowsName(string host) => _names.Contains(NormaliseName(host));

    public bool AllowsAddress(IPAddress address)
    {
        var normal = AddressRules.Normalise(address);
        return _networks.Exists(n => n.BaseAddress.AddressFamily == normal.AddressFamily && n.Contains(normal));
    }

    public static bool IsValidEntry(string? entry) =>
        !string.IsNullOrWhiteSpace(entry) && (TryParseNetwork(entry.Trim(), out _) || IsHostName(entry.Trim()));

    /// <summary>"example.com." and "example.com" are the same host.</summary>
    internal static string NormaliseName(string host) => host.Trim().TrimEnd('.').ToLowerInvariant();

    private static bool IsHostName(string entry) => Uri.CheckHostName(entry) == UriHostNameType.Dns;

    private static bool TryParseNetwork(string entry, out IPNetwork network)
    {
        if (IPAddress.TryParse(entry.Trim('[', ']'), out var single))
        {
            var normal = AddressRules.Normalise(single);
            network = new IPNetwork(normal, normal.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return IPNetwork.TryParse(entry, out network);
    }
}
