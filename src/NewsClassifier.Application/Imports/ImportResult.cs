using NewsClassifier.Application.Datasets;

namespace NewsClassifier.Application.Imports;

/// <summary>The outcome of one import. Expected failures (bad rows, name taken, empty file) come back here with
/// <see cref="Succeeded"/> false and nothing saved; only cancellation and unexpected faults throw.</summary>
/// <param name="SuggestedCount">Articles whose file label was kept as a suggestion (<see cref="FileLabelUse.Suggestions"/>).</param>
/// <param name="CleanedCount">Articles whose title or text clean-up changed (their originals are kept).</param>
public sealed record ImportResult(
    bool Succeeded,
    int? DatasetId,
    int ArticleCount,
    int LabelledCount,
    IReadOnlyList<ClassCount> PerClass,
    ImportReport Report,
    string Message,
    int SuggestedCount = 0,
    int CleanedCount = 0);
