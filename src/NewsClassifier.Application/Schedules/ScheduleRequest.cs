using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Schedules;

/// <summary>What a Scientist fills in to create or edit a schedule (form, API or CLI). Parameters are the recipe's
/// string overrides; <see cref="ParametersFromRunId"/> copies a run's instead.</summary>
public sealed record ScheduleRequest
{
    public required string Name { get; init; }
    /// <summary>The dataset by id (the form, the API) or by name (the CLI); one of the two.</summary>
    public int? DatasetId { get; init; }
    public string? DatasetName { get; init; }
    public required string Recipe { get; init; }
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
    public int? ParametersFromRunId { get; init; }
    /// <summary>The registered model it feeds; defaults to the schedule's name.</summary>
    public string? ModelName { get; init; }
    public string? Cron { get; init; }
    public string? TimeZone { get; init; }
    public int? MinNewLabels { get; init; }
    public double EvaluationFraction { get; init; } = 0.1;
    public int? EvaluationDatasetId { get; init; }
    public GateSettings Gate { get; init; } = new();
    public bool Enabled { get; init; } = true;
}
