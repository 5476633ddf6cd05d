using System.Net;

namespace NewsClassifier.Application.Outbound;

/// <summary>Configuration section "Outbound": what every download this server makes (dataset URLs, hub checkpoints)
/// may reach, and how long it may take.</summary>
public sealed class OutboundOptions : IValidatableObject
{
    public const string SectionName = "Outbound";

    /// <summary>Exceptions to the public-addresses-only rule, for mirrors inside the network: host names (exact, case
    /// insensitive; any address they resolve to is accepted), IP addresses and CIDR ranges (<c>10.20.0.0/16</c>).</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Redirects followed per download; each hop is checked like the first address.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 10;

    /// <summary>A download (headers and body, all redirects) that takes longer fails; a partial file is kept for resuming.</summary>
    [Range(1, 86_400)]
    public int TotalTimeoutSeconds { get; set; } = 3600;

    /// <summary>A connection, or a response, that sends nothing for this long fails (and resumes on the next attempt).</summary>
    [Range(1, 3600)]
    public int IdleTimeoutSeconds { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in AllowedHosts)
        {
            if (!AllowedHostList.IsValidEntry(entry))
                yield return new ValidationResult(
                    $"Outbound:AllowedHosts entry '{entry}' is neither a host name, an IP address nor a CIDR range (like 10.20.0.0/16).",
                    [nameof(AllowedHosts)]);
        }
    }
}
