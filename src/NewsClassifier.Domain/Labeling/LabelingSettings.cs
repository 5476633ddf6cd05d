using System.Linq.Expressions;

namespace NewsClassifier.Domain.Labeling;

/// <summary>Per-dataset labelling settings and the state of its active-learning scoring (one row per dataset).</summary>
public sealed class LabelingSettings
{
    public const int MaxOverlap = 10;

    public int DatasetId { get; set; }
    /// <summary>Annotations wanted per article (k). When k agree the label becomes gold; when they disagree the article goes to review.</summary>
    public int Overlap { get; set; } = 1;
    public ActiveLearningStrategy Strategy { get; set; } = ActiveLearningStrategy.LeastConfidence;
    /// <summary>A gold label the model contradicts with at least this probability is sent to review as a likely label error.</summary>
    public double ErrorThreshold { get; set; } = 0.9;

    public ScoringState ScoringState { get; set; }
    /// <summary>The model version the stored scores came from (null before the first scoring).</summary>
    public int? ScoredModelVersionId { get; set; }
    public string? ScoredModelName { get; set; }
    public int ScoringDone { get; set; }
    public int ScoringTotal { get; set; }
    public string? ScoringMessage { get; set; }
    /// <summary>UTC.</summary>
    public DateTime? ScoringFinishedAt { get; set; }

    /// <summary>The out-of-fold label-error scan (k-fold TF-IDF baseline over the gold articles): its state and progress in folds.</summary>
    public ScoringState ErrorScanState { get; set; }
    public int ErrorScanDone { get; set; }
    public int ErrorScanTotal { get; set; }
    public string? ErrorScanMessage { get; set; }
    /// <summary>UTC.</summary>
    public DateTime? ErrorScanFinishedAt { get; set; }

    public ScoringState StateOf(LabelingPass pass) => pass == LabelingPass.Scoring ? ScoringState : ErrorScanState;

    /// <summary>Sets where <paramref name="pass"/> stands: back in the queue its count starts again; a finished pass
    /// (succeeded or failed) records when.</summary>
    public void Mark(LabelingPass pass, ScoringState state, string? message, DateTime now)
    {
        DateTime? finishedAt = state is ScoringState.Succeeded or ScoringState.Failed ? now : null;
        if (pass == LabelingPass.Scoring)
        {
            (ScoringState, ScoringMessage) = (state, message);
            if (state == ScoringState.Queued) ScoringDone = 0;
            ScoringFinishedAt = finishedAt ?? ScoringFinishedAt;
        }
        else
        {
            (ErrorScanState, ErrorScanMessage) = (state, message);
            if (state == ScoringState.Queued) ErrorScanDone = 0;
            ErrorScanFinishedAt = finishedAt ?? ErrorScanFinishedAt;
        }
    }

    /// <summary>The rows whose <paramref name="pass"/> is in one of <paramref name="states"/>, as a query EF can translate.</summary>
    public static Expression<Func<LabelingSettings, bool>> InState(LabelingPass pass, params ScoringState[] states) => pass == LabelingPass.Scoring
        ? s => states.Contains(s.ScoringState)
        : s => states.Contains(s.ErrorScanState);
}

/// <summary>The two dataset-wide passes whose state a settings row carries: scoring every article with the production
/// model, and the out-of-fold scan of the gold labels for likely errors.</summary>
public enum LabelingPass
{
    Scoring,
    ErrorScan,
}

/// <summary>How unlabelled articles are ordered for annotators once the production model has scored them.</summary>
public enum ActiveLearningStrategy
{
    /// <summary>Import order (article id).</summary>
    None = 0,
    /// <summary>Lowest top probability first.</summary>
    LeastConfidence = 1,
    /// <summary>Smallest gap between the two most probable classes first.</summary>
    Margin = 2,
    /// <summary>Highest entropy of the predicted distribution first.</summary>
    Entropy = 3,
}

/// <summary>Where the production model's scoring of a dataset's articles stands (<see cref="LabelingSettings.ScoringState"/>).</summary>
public enum ScoringState
{
    Never = 0,
    Queued = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
}
