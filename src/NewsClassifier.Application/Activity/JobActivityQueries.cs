using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Pretrained;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Activity;

/// <summary>
/// The recent background work of every kind (imports, training runs, scoring, pretrained downloads, schedule firings)
/// read from the tables that record it: Hangfire's in-memory storage forgets its jobs at a restart, these rows do not.
/// One small query per kind (the newest rows by key), merged: work still going first, then the most recent.
/// </summary>
public sealed class JobActivityQueries(IDbContextFactory<NewsDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<JobActivity>> RecentAsync(int perKind, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var list = new List<JobActivity>();

        var imports = await db.DatasetImports.AsNoTracking().OrderByDescending(i => i.Id).Take(perKind).ToListAsync(cancellationToken);
        list.AddRange(imports.Select(i => new JobActivity(JobKind.Import, $"Import of {i.DatasetName}", i.State.ToString(),
            i.State is ImportState.Queued or ImportState.Running, Fraction(i.BytesDone, i.BytesTotal), i.Message,
            $"/datasets/imports/{i.Id}", i.FinishedAt ?? i.CreatedAt)));

        var runs = await db.TrainingRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(perKind)
            .Select(r => new
            {
                r.Id, r.Name, r.Recipe, r.DatasetName, r.State, r.Step, r.TotalSteps, r.Epoch, r.Epochs, r.ValidationAccuracy,
                r.Error, r.StopReason, r.CreatedAt, r.StartedAt, r.FinishedAt,
            }).ToListAsync(cancellationToken);
        list.AddRange(runs.Select(r => new JobActivity(JobKind.Training, $"Training {r.Name ?? $"run {r.Id}"} · {r.Recipe} on {r.DatasetName}",
            r.State.ToString(), r.State is RunState.Queued or RunState.Running, Fraction(r.Step, r.TotalSteps),
            r.State switch
            {
                RunState.Running when r.Epochs > 0 => $"Epoch {r.Epoch} of {r.Epochs}, step {r.Step:N0} of {r.TotalSteps:N0}",
                RunState.Succeeded when r.ValidationAccuracy is { } accuracy => $"Validation accuracy {100 * accuracy:0.0}%",
                RunState.Failed => r.Error,
                _ => r.StopReason,
            },
            $"/experiments/{r.Id}", r.FinishedAt ?? r.StartedAt ?? r.CreatedAt)));

        var scorings = await (from s in db.LabelingSettings.AsNoTracking()
                              where s.ScoringState != ScoringState.Never
                              join d in db.Datasets on s.DatasetId equals d.Id
                              orderby s.ScoringFinishedAt descending
                              select new { s.DatasetId, d.Name, s.ScoringState, s.ScoringDone, s.ScoringTotal, s.ScoringMessage, s.ScoredModelName, s.ScoringFinishedAt })
            .Take(perKind).ToListAsync(cancellationToken);
        list.AddRange(scorings.Select(s => new JobActivity(JobKind.Scoring, $"Scoring of {s.Name}" + (s.ScoredModelName is { } m ? $" with {m}" : ""),
            s.ScoringState.ToString(), s.ScoringState is ScoringState.Queued or ScoringState.Running, Fraction(s.ScoringDone, s.ScoringTotal),
            s.ScoringMessage, $"/labeling/{s.DatasetId}/settings",
            // A scoring row keeps no start time: one under way is "now", a finished one its finish.
            s.ScoringState is ScoringState.Queued or ScoringState.Running ? now : s.ScoringFinishedAt ?? now)));

        var checkpoints = await db.PretrainedCheckpoints.AsNoTracking().OrderByDescending(c => c.Id).Take(perKind)
            .Select(c => new { c.Name, c.SourceKind, c.State, c.BytesDone, c.BytesTotal, c.Error, c.CreatedAt, c.FinishedAt })
            .ToListAsync(cancellationToken);
        list.AddRange(checkpoints.Select(c => new JobActivity(JobKind.Pretrained,
            $"{(c.SourceKind == PretrainedSourceKind.Hub ? "Pretrained download" : "Pretrained import")} of {c.Name}", c.State.ToString(),
            c.State is not (PretrainedState.Ready or PretrainedState.Failed), Fraction(c.BytesDone, c.BytesTotal), c.Error,
            "/models", c.FinishedAt ?? c.CreatedAt)));

        var firings = await (from f in db.ScheduleFirings.AsNoTracking()
                             join s in db.Schedules on f.ScheduleId equals s.Id
                             orderby f.Id descending
                             select new { f.ScheduleId, s.Name, f.Trigger, f.State, f.Decision, f.Reason, f.RunId, f.StartedAt, f.FinishedAt })
            .Take(perKind).ToListAsync(cancellationToken);
        list.AddRange(firings.Select(f => new JobActivity(JobKind.ScheduleFiring, $"Schedule {f.Name} fired ({Trigger(f.Trigger)})",
            f.State == FiringState.Running ? "Running" : f.Decision?.ToString() ?? f.State.ToString(), f.State == FiringState.Running, null,
            string.IsNullOrEmpty(f.Reason) ? (f.RunId is { } run ? $"Challenger: run {run}" : null) : f.Reason,
            $"/schedules/{f.ScheduleId}", f.FinishedAt ?? f.StartedAt)));

        return list.OrderByDescending(a => a.Active).ThenByDescending(a => a.When).ToList();
    }

    private static double? Fraction(long done, long total) => total > 0 ? Math.Clamp((double)done / total, 0, 1) : null;

    private static string Trigger(FiringTrigger trigger) => trigger switch
    {
        FiringTrigger.Cron => "timer",
        FiringTrigger.NewLabels => "new labels",
        FiringTrigger.Manual => "by hand",
        _ => "missed slot",
    };
}
