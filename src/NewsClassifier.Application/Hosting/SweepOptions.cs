namespace NewsClassifier.Application.Hosting;

/// <summary>Configuration section "Sweep": the start-up clean-up of abandoned staging files (<see cref="StagingSweeper"/>).</summary>
public sealed class SweepOptions
{
    public const string SectionName = "Sweep";

    /// <summary>Staged uploads, <c>.partial</c> downloads and half-extracted archives untouched for this long, and not
    /// belonging to an import that can still run, are deleted at start.</summary>
    [Range(1, 8760)]
    public int StaleAfterHours { get; set; } = 24;
}
