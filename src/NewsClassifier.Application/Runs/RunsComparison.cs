namespace NewsClassifier.Application.Runs;

public sealed record RunsComparison(
    IReadOnlyList<ComparedRun> Runs,
    IReadOnlyList<int> MissingIds,
    IReadOnlyList<ParameterRow> Parameters)
{
    /// <summary>Runs trained on different data (or without a snapshot) are not directly comparable.</summary>
    public bool SameSnapshot => Runs.All(r => r.Run.SnapshotId is not null) && Runs.Select(r => r.Run.SnapshotId).Distinct().Count() <= 1;

    /// <summary>Second run's confusion matrix minus the first's, when exactly two runs with matrices over the same
    /// classes are compared.</summary>
    public int[][]? Difference
    {
        get
        {
            if (Runs.Count != 2 || Runs[0].Evaluation is not { } a || Runs[1].Evaluation is not { } b) return null;
            if (!Runs[0].Labels.SequenceEqual(Runs[1].Labels) || a.ConfusionMatrix.Length != b.ConfusionMatrix.Length) return null;
            return a.ConfusionMatrix.Select((row, r) => row.Select((v, c) => b.ConfusionMatrix[r][c] - v).ToArray()).ToArray();
        }
    }
}
