namespace NewsClassifier.Domain.Runs;

public enum RunState { Queued, Running, Succeeded, Failed, Cancelled }

/// <summary>
/// One training run: what was asked (dataset, recipe, parameters), how it went (live progress,
/// final evaluation) and where its model is. Everything a page needs to show a run lives here,
/// so a refreshed page, another browser or a restarted server shows the same state.
/// </summary>
public sealed class TrainingRun
{
    public int Id { get; set; }
    public int DatasetId { get; set; }
    /// <summary>The frozen data the run trains on (set when it starts training).</summary>
    public int? SnapshotId { get; set; }
    /// <summary>Kept so the run still says what it trained on after the dataset is deleted.</summary>
    public string DatasetName { get; set; } = "";
    public required string Recipe { get; set; }
    /// <summary>The full, validated hyper-parameters (defaults filled in) as JSON key/value strings.</summary>
    public string ParametersJson { get; set; } = "{}";
    public RunState State { get; set; }
    public string? JobId { get; set; }
    /// <summary>Set by a user; the job checks it between steps (works across processes, unlike a token).</summary>
    public bool CancelRequested { get; set; }
    /// <summary>Times this work started (counted and saved as it starts, before the heavy part) and did not end in a
    /// graceful host stop. At a restart, an unfinished row's count is how often the process died while it ran: recovery
    /// fails it instead of starting it again once that reaches <c>Jobs:MaxCrashAttempts</c>.</summary>
    public int Attempts { get; set; }

    /// <summary>Who queued it ("web", "cli", or a user name once accounts exist).</summary>
    public string StartedBy { get; set; } = "";
    public const int MaxNameLength = 100;
    /// <summary>A name the user gave at queue time (null: the page shows "run N").</summary>
    public string? Name { get; set; }
    /// <summary>Comma-separated tags for filtering.</summary>
    public string Tags { get; set; } = "";
    public string? Notes { get; set; }
    /// <summary>Hidden from the experiments table unless asked for; kept for lineage.</summary>
    public bool IsArchived { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    // Live progress, rewritten while the run trains.
    public int Epoch { get; set; }
    public int Epochs { get; set; }
    public int Step { get; set; }
    public int TotalSteps { get; set; }
    public double? LastLoss { get; set; }

    // Environment, for reproducibility.
    public string? Device { get; set; }
    public string? LibraryVersions { get; set; }

    // Outcome.
    public int TrainArticles { get; set; }
    public int ValidationArticles { get; set; }
    public int? BestEpoch { get; set; }
    public double? ValidationAccuracy { get; set; }
    public double? ValidationMacroF1 { get; set; }
    public double? ValidationLoss { get; set; }
    public double? ArticlesPerSecond { get; set; }
    /// <summary>Final validation metrics (per class, confusion matrix) as JSON.</summary>
    public string? EvaluationJson { get; set; }
    /// <summary>The model's parameter table (layer, type, shape, parameters) as JSON.</summary>
    public string? SummaryJson { get; set; }
    public long? TotalParameters { get; set; }
    /// <summary>Folder with the trained model (config, vocabulary, weights).</summary>
    public string? ArtifactPath { get; set; }
    public string? StopReason { get; set; }
    public string? Error { get; set; }

    public TimeSpan? Duration => StartedAt is { } start ? (FinishedAt ?? DateTime.UtcNow) - start : null;

    public bool IsFinished => State is RunState.Succeeded or RunState.Failed or RunState.Cancelled;
}
