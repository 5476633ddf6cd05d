namespace NewsClassifier.Domain.Labeling;

public enum ReviewReason
{
    /// <summary>The article's k annotations disagree.</summary>
    Disagreement = 0,
    /// <summary>The production model contradicts the gold label with high confidence.</summary>
    LikelyLabelError = 1,
    /// <summary>Someone said "this is wrong" on the Classify page.</summary>
    ReportedWrong = 2,
}
