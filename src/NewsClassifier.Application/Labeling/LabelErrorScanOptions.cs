using NewsClassifier.ML.Baseline;

namespace NewsClassifier.Application.Labeling;

/// <summary>Configuration section "LabelErrorScan": the out-of-fold scan that looks for gold labels a model that never
/// saw the article contradicts (<see cref="LabelErrorScanner"/>).</summary>
public sealed class LabelErrorScanOptions
{
    public const string SectionName = "LabelErrorScan";

    /// <summary>k of the k-fold TF-IDF baseline: each article is predicted by a model fitted on the other k-1 folds.
    /// More folds fit on more data (closer to a real model) and take proportionally longer.</summary>
    [Range(TfidfBaselineCrossValidation.MinFolds, TfidfBaselineCrossValidation.MaxFolds)]
    public int Folds { get; set; } = 5;

    /// <summary>Seed of the fold split and the solver, so a scan of the same labels finds the same articles.</summary>
    [Range(0, int.MaxValue)]
    public int Seed { get; set; } = 42;
}
