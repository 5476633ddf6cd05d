using Cronos;

namespace NewsClassifier.Application.Schedules;

/// <summary>
/// Cron expressions as schedules use them: five fields (minute hour day month weekday) or six with seconds first,
/// read in a time zone (so "0 2 * * *" is 02:00 where the newsroom is, across daylight-saving changes). Hangfire's
/// recurring jobs take the same expressions.
/// </summary>
public static class CronSchedule
{
    /// <summary>Presets the form offers.</summary>
    public static readonly IReadOnlyList<(string Name, string Cron)> Presets =
    [
        ("Nightly at 02:00", "0 2 * * *"),
        ("Weekly, Monday 02:00", "0 2 * * 1"),
        ("Every hour", "0 * * * *"),
        ("Weekdays at 06:00", "0 6 * * 1-5"),
    ];

    /// <summary>The shortest time between two firings: each firing trains a model, and a trigger that finds one still
    /// running is recorded as skipped, so an every-second expression would only fill the history.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(5);

    /// <summary>The parsed expression, or a reason naming what is wrong.</summary>
    public static (CronExpression? Expression, string? Error) Parse(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron)) return (null, "cron: give an expression such as '0 2 * * *' (02:00 every day).");
        var fields = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6)) return (null, $"cron: '{cron}' has {fields} fields; give 5 (minute hour day month weekday) or 6 (seconds first).");
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(cron.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            return (null, $"cron: '{cron}' is not a valid expression: {e.Message}");
        }
        // The closest two firings over a year (a rule such as "*/1 2 * * *" is dense only at 02:00).
        var firings = expression.GetOccurrences(DateTime.UtcNow, DateTime.UtcNow.AddYears(1)).Take(2000).ToList();
        if (firings.Count == 0) return (null, $"cron: '{cron}' never fires.");
        var shortest = firings.Zip(firings.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        if (shortest < MinimumInterval)
            return (null, $"cron: '{cron}' fires every {Describe(shortest)}; a schedule may fire at most every {MinimumInterval.TotalMinutes:0} minutes.");
        return (expression, null);
    }

    private static string Describe(TimeSpan interval) =>
        interval.TotalMinutes >= 1 ? $"{interval.TotalMinutes:0} minute(s)" : $"{interval.TotalSeconds:0} second(s)";

    /// <summary>The time zone of that id (IANA such as "Europe/Amsterdam", or "UTC"), or a reason.</summary>
    public static (TimeZoneInfo? Zone, string? Error) Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return (TimeZoneInfo.Utc, null);
        try
        {
            return (TimeZoneInfo.FindSystemTimeZoneById(id.Trim()), null);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return (null, $"time_zone: '{id}' is not a known time zone (use an IANA id such as 'Europe/Amsterdam', or 'UTC').");
        }
    }

    /// <summary>The next <paramref name="count"/> firings after <paramref name="fromUtc"/>, as UTC instants.</summary>
    public static IReadOnlyList<DateTimeOffset> Next(string cron, string? timeZone, DateTimeOffset fromUtc, int count = 5)
    {
        var (expression, error) = Parse(cron);
        if (expression is null) throw new ArgumentException(error, nameof(cron));
        var (zone, zoneError) = Zone(timeZone);
        if (zone is null) throw new ArgumentException(zoneError, nameof(timeZone));
        var result = new List<DateTimeOffset>(count);
        var at = fromUtc;
        for (int i = 0; i < count; i++)
        {
            var next = expression.GetNextOccurrence(at, zone);
            if (next is null) break;
            result.Add(next.Value);
            at = next.Value;
        }
        return result;
    }

    /// <summary>The latest slot at or before <paramref name="nowUtc"/> and after <paramref name="afterUtc"/>: a firing the
    /// server missed while it was down. Several missed slots give one firing, the latest.</summary>
    public static DateTimeOffset? LastMissed(string cron, string? timeZone, DateTimeOffset afterUtc, DateTimeOffset nowUtc)
    {
        var (expression, _) = Parse(cron);
        var (zone, _) = Zone(timeZone);
        if (expression is null || zone is null || nowUtc <= afterUtc) return null;
        return expression.GetOccurrences(afterUtc, nowUtc, zone, fromInclusive: false, toInclusive: true)
            .Select(o => (DateTimeOffset?)o).LastOrDefault();
    }
}
