using NewsClassifier.Application.Datasets;

namespace NewsClassifier.Application.Imports;

/// <summary>The outcome of one import. Expected failures (bad rows, name taken, empty file) come back here with
/// <see cref="Succeeded"/> false and nothing saved; only cancellation and unexpected faults throw.</summary>
public sealed record ImportResult(
    bool Succeeded,
    int? DatasetId,
    int ArticleCount,
    int LabelledCount,
    IReadOnlyList<ClassCount> PerClass,
    ImportReport Report,
    string Message);
