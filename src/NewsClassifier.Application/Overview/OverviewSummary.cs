namespace NewsClassifier.Application.Overview;

/// <summary>What the home page shows: the installation at a glance and, while it is empty, the next step to take.</summary>
public sealed record OverviewSummary(
    int Datasets,
    long Articles,
    long Labeled,
    OverviewProduction? Production,
    IReadOnlyList<OverviewRun> ActiveRuns,
    IReadOnlyList<OverviewRun> RecentRuns,
    int OpenReviews,
    int? ReviewDatasetId,
    OverviewFiring? NextFiring,
    IReadOnlyList<OverviewImport> RecentImports)
{
    public bool IsEmpty => Datasets == 0;

    /// <summary>Data but no training run yet: label (when nothing is labeled) or train.</summary>
    public bool HasNoRuns => ActiveRuns.Count == 0 && RecentRuns.Count == 0;
}
