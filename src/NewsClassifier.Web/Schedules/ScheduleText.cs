using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Web.Schedules;

/// <summary>How the pages name a schedule's triggers and a firing's trigger.</summary>
public static class ScheduleText
{
    /// <summary>"Nightly at 02:00 (UTC)" for a preset, the expression otherwise; the label threshold; "by hand" when neither is set.</summary>
    public static IReadOnlyList<string> Triggers(Schedule schedule)
    {
        var triggers = new List<string>();
        if (schedule.Cron is { } cron)
        {
            var preset = CronSchedule.Presets.FirstOrDefault(p => p.Cron == cron).Name;
            triggers.Add($"{preset ?? cron} ({schedule.TimeZone})");
        }
        if (schedule.MinNewLabels is { } labels) triggers.Add($"≥ {labels:N0} new labels");
        if (triggers.Count == 0) triggers.Add("by hand");
        return triggers;
    }

    public static string Trigger(ScheduleFiring firing) => firing.Trigger switch
    {
        FiringTrigger.Cron => "cron",
        FiringTrigger.NewLabels => "new labels",
        FiringTrigger.Missed => "missed slot",
        _ => "run now",
    };
}
