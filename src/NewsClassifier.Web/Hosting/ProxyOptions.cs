using System.Net;

namespace NewsClassifier.Web.Hosting;

/// <summary>Configuration section "Proxy": the TLS-terminating reverse proxies whose X-Forwarded-For/-Proto headers are
/// believed. Off (no header believed) while both lists are empty: a client reaching the app directly could otherwise
/// pretend to be any address or to use HTTPS.</summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string SectionName = "Proxy";

    /// <summary>IP addresses of the proxies, e.g. "10.0.0.5".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR notation, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Marks the sign-in and antiforgery cookies Secure even when the request looks like plain HTTP (a proxy
    /// that sends no X-Forwarded-Proto): every request is then treated as HTTPS, so only turn it on when the app is
    /// reached through TLS alone. Without it they are Secure whenever the request is HTTPS, seen through a known proxy.</summary>
    public bool ForceSecureCookies { get; set; }

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"{SectionName}:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"{SectionName}:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/24).", [nameof(KnownNetworks)]);
    }
}
