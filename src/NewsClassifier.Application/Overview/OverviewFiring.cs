namespace NewsClassifier.Application.Overview;

/// <summary>The next timer firing of any enabled schedule.</summary>
public sealed record OverviewFiring(int ScheduleId, string ScheduleName, DateTimeOffset At);
