using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Runs;

/// <summary>One page request of the experiments table. Null filters match everything.</summary>
public sealed record RunTableQuery(
    int Skip = 0,
    int Take = 25,
    RunSort Sort = RunSort.Id,
    bool Descending = true,
    string? Search = null,
    RunState? State = null,
    string? Recipe = null,
    int? DatasetId = null,
    string? Tag = null,
    bool IncludeArchived = false);
