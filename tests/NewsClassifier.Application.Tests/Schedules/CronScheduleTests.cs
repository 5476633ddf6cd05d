using NewsClassifier.Application.Schedules;

namespace NewsClassifier.Application.Tests.Schedules;

/// <summary>Cron expressions as schedules read them: validation, the next firings in a time zone, and missed slots.</summary>
public class CronScheduleTests
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 10, 30, 0, TimeSpan.Zero); // a Monday, 10:30 UTC

    [Fact]
    public void Nightly_gives_the_next_five_nights_at_two_in_the_schedules_time_zone()
    {
        var next = CronSchedule.Next("0 2 * * *", "Europe/Amsterdam", Monday);

        Assert.Equal(5, next.Count);
        // 02:00 in Amsterdam in December is 01:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero), next[0]);
        Assert.Equal(new DateTimeOffset(2026, 12, 12, 1, 0, 0, TimeSpan.Zero), next[4]);
    }

    [Theory]
    [InlineData("0 2 * *", "has 4 fields")]
    [InlineData("61 2 * * *", "is not a valid expression")]
    [InlineData("", "give an expression")]
    [InlineData("0 2 * * * * *", "has 7 fields")]
    [InlineData("* * * * * *", "fires every 1 second(s); a schedule may fire at most every 5 minutes")]
    [InlineData("* * * * *", "fires every 1 minute(s)")]
    [InlineData("*/1 2 * * *", "fires every 1 minute(s)")]
    [InlineData("0 0 30 2 *", "never fires")]
    public void Invalid_expressions_are_refused_naming_what_is_wrong(string cron, string reason)
    {
        var (expression, error) = CronSchedule.Parse(cron);

        Assert.Null(expression);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Unknown_time_zones_are_refused() =>
        Assert.Contains("not a known time zone", CronSchedule.Zone("Mars/Olympus").Error);

    [Fact]
    public void Several_missed_slots_give_one_firing_the_latest()
    {
        // Down from Monday 10:30 to Thursday 10:30: the 02:00 slots of Tuesday, Wednesday and Thursday passed.
        var missed = CronSchedule.LastMissed("0 2 * * *", "UTC", Monday, Monday.AddDays(3));

        Assert.Equal(new DateTimeOffset(2026, 12, 10, 2, 0, 0, TimeSpan.Zero), missed);
        Assert.Null(CronSchedule.LastMissed("0 2 * * *", "UTC", Monday, Monday.AddHours(10)));
    }
}
