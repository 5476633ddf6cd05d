using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Schedules;

/// <summary>Tells this process that a schedule was created, edited, enabled, disabled or deleted: the Jobs layer moves its
/// timer, open pages re-read it. Edits from another process (the CLI) reach the timers through the database within a minute.</summary>
public sealed class ScheduleNotifier
{
    public event Action<Schedule>? Changed;

    public void Publish(Schedule schedule) => Changed?.Invoke(schedule);
}
