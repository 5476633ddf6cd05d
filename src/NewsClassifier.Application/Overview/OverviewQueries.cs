using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Overview;

/// <summary>
/// Reads the overview in a few cheap queries on one connection: dataset totals (one aggregate), the production model
/// (the alias table), runs going and recent (a handful of rows each), the open review items (a count by dataset), the
/// enabled schedules with a timer (few: their next firing is computed from the cron) and the last imports.
/// </summary>
public sealed class OverviewQueries(IDbContextFactory<NewsDbContext> contexts, TimeProvider clock)
{
    public const int RunsShown = 5;
    public const int ImportsShown = 3;

    public async Task<OverviewSummary> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var totals = await db.Datasets.AsNoTracking().GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Articles = g.Sum(d => (long)d.ArticleCount), Labeled = g.Sum(d => (long)d.LabelledCount) })
            .SingleOrDefaultAsync(cancellationToken);

        OverviewProduction? production = null;
        if (await ModelRegistry.LatestProductionAsync(db, cancellationToken) is { } latest)
        {
            var run = await db.TrainingRuns.AsNoTracking().Where(r => r.Id == latest.RunId)
                .Select(r => new { r.Recipe, r.ValidationAccuracy, r.ValidationMacroF1 }).SingleOrDefaultAsync(cancellationToken);
            production = new OverviewProduction(latest.Model, latest.Version, latest.RunId, run?.Recipe ?? "?", run?.ValidationAccuracy, run?.ValidationMacroF1);
        }

        var active = await Runs(db.TrainingRuns.Where(r => r.State == RunState.Queued || r.State == RunState.Running))
            .ToListAsync(cancellationToken);
        var recent = await Runs(db.TrainingRuns.Where(r => r.State != RunState.Queued && r.State != RunState.Running && !r.IsArchived))
            .ToListAsync(cancellationToken);

        var reviews = await db.ReviewItems.AsNoTracking().Where(r => r.Status == ReviewStatus.Open)
            .GroupBy(r => r.DatasetId).Select(g => new { DatasetId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

        var schedules = await db.Schedules.AsNoTracking().Where(s => s.Enabled && !s.Deleted && s.Cron != null).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var next = schedules
            .Select(s => (Schedule: s, At: ScheduleService.NextFirings(s, now, 1) is [var at, ..] ? at : (DateTimeOffset?)null))
            .Where(x => x.At is not null).OrderBy(x => x.At).Select(x => new OverviewFiring(x.Schedule.Id, x.Schedule.Name, x.At!.Value))
            .FirstOrDefault();

        var imports = await db.DatasetImports.AsNoTracking().OrderByDescending(i => i.Id).Take(ImportsShown)
            .Select(i => new OverviewImport(i.Id, i.DatasetName, i.DatasetId, i.State, i.Message, i.CreatedAt)).ToListAsync(cancellationToken);

        return new OverviewSummary(totals?.Count ?? 0, totals?.Articles ?? 0, totals?.Labeled ?? 0, production, active, recent,
            reviews.Sum(r => r.Count), reviews.OrderByDescending(r => r.Count).Select(r => (int?)r.DatasetId).FirstOrDefault(), next, imports);
    }

    private static IQueryable<OverviewRun> Runs(IQueryable<TrainingRun> runs) => runs.AsNoTracking().OrderByDescending(r => r.Id).Take(RunsShown)
        .Select(r => new OverviewRun(r.Id, r.Name, r.Recipe, r.DatasetName, r.State, r.Epoch, r.Epochs, r.Step, r.TotalSteps, r.ValidationAccuracy, r.CreatedAt));
}
