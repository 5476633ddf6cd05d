namespace NewsClassifier.Domain.Schedules;

/// <summary>One firing of a schedule and what it decided. A firing that is still <see cref="FiringState.Running"/> holds the
/// schedule: a unique index lets only one such row exist per schedule, so a second trigger is recorded as skipped.</summary>
public sealed class ScheduleFiring
{
    public long Id { get; set; }
    public int ScheduleId { get; set; }
    public FiringTrigger Trigger { get; set; }
    public FiringState State { get; set; }
    public FiringDecision? Decision { get; set; }
    public string Reason { get; set; } = "";
    public int? SnapshotId { get; set; }
    public string? SnapshotHash { get; set; }
    /// <summary>The challenger's training run.</summary>
    public int? RunId { get; set; }
    /// <summary>"name:version" of the champion at decision time (null: there was none).</summary>
    public string? Champion { get; set; }
    /// <summary>"name:version" the challenger was registered as (null when it was not registered).</summary>
    public string? Challenger { get; set; }
    /// <summary>The version number of <see cref="Challenger"/> in the schedule's model.</summary>
    public int? ChallengerVersion { get; set; }
    /// <summary>Both models' scores on the evaluation articles (JSON: accuracy, macro-F1, per-class F1).</summary>
    public string? ChampionMetricsJson { get; set; }
    public string? ChallengerMetricsJson { get; set; }
    public double? PValue { get; set; }
    public int? EvaluationArticles { get; set; }
    /// <summary>Who started it: "cron", "labels", "missed" or the user who pressed Run now.</summary>
    public string StartedBy { get; set; } = "";
    /// <summary>UTC.</summary>
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>For a pending approval: who accepted or rejected it, and why.</summary>
    public string? ApprovedBy { get; set; }
    public string? ApprovalNote { get; set; }

    public TimeSpan? Duration => FinishedAt - StartedAt;
}

public enum FiringTrigger
{
    Cron,
    NewLabels,
    Manual,
    /// <summary>A cron slot that passed while the server was down, run once at start.</summary>
    Missed,
}

public enum FiringState
{
    Running,
    Finished,
    /// <summary>A restart cut it off before it decided.</summary>
    Interrupted,
}

public enum FiringDecision
{
    Promoted,
    Rejected,
    Skipped,
    PendingApproval,
    Failed,
}
