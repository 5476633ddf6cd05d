using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Schedules;

/// <summary>A schedule as the list shows it: the next firing (UTC; null without cron or when disabled) and the last decision.</summary>
public sealed record ScheduleSummary(Schedule Schedule, string DatasetName, DateTimeOffset? NextFiring, ScheduleFiring? LastFiring, bool Running);
