using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Overview;

/// <summary>A recent import in one line: its dataset (once it exists), state and outcome.</summary>
public sealed record OverviewImport(int Id, string DatasetName, int? DatasetId, ImportState State, string? Message, DateTime CreatedAt);
