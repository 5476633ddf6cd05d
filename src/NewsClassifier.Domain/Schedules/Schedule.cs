namespace NewsClassifier.Domain.Schedules;

/// <summary>
/// A retraining schedule: when it fires (a cron expression, a number of new gold labels, or by hand), it trains a
/// challenger with its recipe on a fresh snapshot of its dataset and lets <see cref="GateSettings"/> decide whether the
/// challenger replaces the production version of <see cref="ModelName"/>. Deleting a schedule only marks it, so its
/// firing history stays readable.
/// </summary>
public sealed class Schedule
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public required string Name { get; set; }
    public int DatasetId { get; set; }
    public required string Recipe { get; set; }
    /// <summary>Overrides of the recipe's defaults, as JSON (<c>{"epochs":"3"}</c>): copied from a run or typed in.</summary>
    public string ParametersJson { get; set; } = "{}";
    /// <summary>The run whose parameters were copied, when the schedule was made from one.</summary>
    public int? ParametersFromRunId { get; set; }
    /// <summary>The registered model the schedule feeds (created at the first promotion).</summary>
    public required string ModelName { get; set; }

    /// <summary>Cron expression (five fields, or six with seconds), evaluated in <see cref="TimeZone"/>; null: no timer.</summary>
    public string? Cron { get; set; }
    /// <summary>IANA or Windows time zone id the cron expression is read in.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>Fires once at least this many gold labels were added or changed since the champion's snapshot; null: off.</summary>
    public int? MinNewLabels { get; set; }

    /// <summary>Share of the gold articles (stratified) set aside once as the evaluation set; ignored with an evaluation dataset.</summary>
    public double EvaluationFraction { get; set; } = 0.1;
    /// <summary>An imported dataset to evaluate on instead of a share of this one (same label names).</summary>
    public int? EvaluationDatasetId { get; set; }
    /// <summary>SHA-256 of the frozen evaluation articles and their labels; null until the first firing freezes them.</summary>
    public string? EvaluationHash { get; set; }

    public GateSettings Gate { get; set; } = new();

    public bool Enabled { get; set; } = true;
    public bool Deleted { get; set; }
    public string CreatedBy { get; set; } = "";
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    /// <summary>UTC time of the last cron slot that fired (or was found missed and fired once); null: never.</summary>
    public DateTime? LastCronSlot { get; set; }
}
