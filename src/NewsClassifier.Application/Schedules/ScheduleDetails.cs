using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Schedules;

/// <summary>A schedule with its next five firings (UTC), its history (newest first) and its frozen evaluation set's size.</summary>
public sealed record ScheduleDetails(Schedule Schedule, string DatasetName, IReadOnlyList<DateTimeOffset> NextFirings,
    IReadOnlyList<ScheduleFiring> Firings, int EvaluationArticles);
