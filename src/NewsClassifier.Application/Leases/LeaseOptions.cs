namespace NewsClassifier.Application.Leases;

/// <summary>Configuration section "Leases": how long a holder of background work may go without a heartbeat before
/// another process may take the work over, and how often the holder and the recovery sweep look.</summary>
public sealed class LeaseOptions : IValidatableObject
{
    public const string SectionName = "Leases";

    /// <summary>A lease not renewed for this long is free (a holder on another machine that died is found this late).</summary>
    [Range(1, 3_600)]
    public int DurationSeconds { get; set; } = 60;

    /// <summary>How often a holder renews its lease; well under <see cref="DurationSeconds"/>, so one slow renewal does not lose it.</summary>
    [Range(1, 3_600)]
    public int RenewSeconds { get; set; } = 15;

    /// <summary>How often the web app's sweep looks for running work whose holder is gone (the CLI killed mid-run).</summary>
    [Range(1, 3_600)]
    public int SweepSeconds { get; set; } = 30;

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds);
    public TimeSpan Renew => TimeSpan.FromSeconds(RenewSeconds);
    public TimeSpan Sweep => TimeSpan.FromSeconds(SweepSeconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RenewSeconds >= DurationSeconds)
            yield return new ValidationResult("Leases:RenewSeconds must be less than Leases:DurationSeconds, or a lease lapses between two renewals.",
                [nameof(RenewSeconds), nameof(DurationSeconds)]);
    }
}
