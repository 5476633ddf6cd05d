namespace NewsClassifier.Web.Hosting;

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="WindowSeconds"/> (a fixed window) per partition.</summary>
public sealed class RateLimitRule
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(1, 24 * 3600)]
    public int WindowSeconds { get; set; } = 60;

    public override string ToString() => $"{PermitLimit} per {WindowSeconds} s";
}
