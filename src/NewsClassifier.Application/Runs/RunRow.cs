using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Runs;

/// <summary>A row of the experiments table: the run's columns plus its snapshot's short hash, key parameters and the full
/// parameter set (for the columns a user picks and the runs chart).</summary>
public sealed record RunRow(
    int Id,
    string Recipe,
    int DatasetId,
    string DatasetName,
    int? SnapshotId,
    string? SnapshotHash,
    RunState State,
    int Epoch,
    int Epochs,
    int Step,
    int TotalSteps,
    double? ValidationAccuracy,
    double? ValidationMacroF1,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? Device,
    string StartedBy,
    IReadOnlyList<string> Tags,
    string? Notes,
    bool IsArchived,
    IReadOnlyList<KeyValuePair<string, string>> KeyParameters,
    string? Name = null,
    IReadOnlyDictionary<string, string>? Parameters = null)
{
    public TimeSpan? Duration => StartedAt is { } start ? (FinishedAt ?? DateTime.UtcNow) - start : null;
}
