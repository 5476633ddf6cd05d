using System.Text.Json;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Web.Schedules;

/// <summary>Reads the scores a firing stored as JSON (<see cref="EvaluationScore"/>), for the API and the pages alike.</summary>
public static class FiringScores
{
    public static EvaluationScore? Champion(ScheduleFiring firing) => Read(firing.ChampionMetricsJson);

    public static EvaluationScore? Challenger(ScheduleFiring firing) => Read(firing.ChallengerMetricsJson);

    /// <summary>
    /// The accuracy of the model that was production after each decided firing, oldest first: the challenger's when it
    /// was promoted, else the champion's. Firings without scores (skipped, failed) say nothing about production and are left out.
    /// </summary>
    public static IReadOnlyList<(DateTime At, double Accuracy)> ProductionAccuracy(IEnumerable<ScheduleFiring> firings) =>
        firings.Where(f => f.Decision is FiringDecision.Promoted or FiringDecision.Rejected or FiringDecision.PendingApproval)
            .OrderBy(f => f.Id)
            .Select(f => (At: f.FinishedAt ?? f.StartedAt, Score: f.Decision == FiringDecision.Promoted ? Challenger(f) : Champion(f)))
            .Where(p => p.Score is not null)
            .Select(p => (p.At, p.Score!.Accuracy))
            .ToList();

    private static EvaluationScore? Read(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try { return JsonSerializer.Deserialize<EvaluationScore>(json); }
        catch (JsonException) { return null; } // a row written by an older shape shows as "no score" rather than breaking the page
    }
}
