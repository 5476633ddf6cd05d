using NewsClassifier.Application;
using System.Text.Json;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Cli.Commands;

/// <summary>The snake_case shapes <c>schedule ... --json</c> prints: a schedule's settings and its firings (the
/// <c>run</c> result is one firing). Times are ISO 8601 UTC ("Z"); enums snake_case (<c>pending_approval</c>).</summary>
internal static class ScheduleJson
{
    public static object Schedule(Schedule s, string datasetName) => new
    {
        s.Id,
        s.Name,
        Dataset = datasetName,
        s.DatasetId,
        s.Recipe,
        Parameters = StoredJson.Deserialize<Dictionary<string, string>>(s.ParametersJson) ?? new(),
        s.ParametersFromRunId,
        Model = s.ModelName,
        s.Cron,
        s.TimeZone,
        s.MinNewLabels,
        EvalFraction = s.EvaluationFraction,
        EvalDatasetId = s.EvaluationDatasetId,
        Metric = Name(s.Gate.Metric),
        s.Gate.MinGain,
        s.Gate.MaxClassDrop,
        s.Gate.Alpha,
        Approval = s.Gate.NeedsApproval,
        s.Enabled,
        s.Deleted,
        s.CreatedBy,
        CreatedAt = Utc(s.CreatedAt),
    };

    public static object Firing(ScheduleFiring f) => new
    {
        f.Id,
        f.ScheduleId,
        Trigger = Name(f.Trigger),
        State = Name(f.State),
        Decision = f.Decision is { } d ? Name(d) : null,
        f.Reason,
        f.RunId,
        f.Champion,
        f.Challenger,
        f.PValue,
        ChampionMetrics = Metrics(f.ChampionMetricsJson),
        ChallengerMetrics = Metrics(f.ChallengerMetricsJson),
        f.EvaluationArticles,
        f.SnapshotHash,
        f.StartedBy,
        StartedAt = Utc(f.StartedAt),
        FinishedAt = Utc(f.FinishedAt),
        DurationSeconds = f.Duration?.TotalSeconds,
        f.ApprovedBy,
        f.ApprovalNote,
    };

    /// <summary>The firing history stores <see cref="EvaluationScore"/> as JSON; read back so it prints snake_case too.</summary>
    public static EvaluationScore? Metrics(string? json) => json is null ? null : JsonSerializer.Deserialize<EvaluationScore>(json);

    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>SQLite hands UTC times back unspecified; mark them so they print with "Z".</summary>
    public static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}
