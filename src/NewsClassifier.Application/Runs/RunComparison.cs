using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Runs;

/// <summary>Assembles what the compare page shows for two or more runs.</summary>
public sealed class RunComparison(IDbContextFactory<NewsDbContext> contexts)
{
    public static readonly IReadOnlyList<string> ComparedSeries =
    [
        RunMetricNames.StepLoss, RunMetricNames.TrainLoss, RunMetricNames.ValidationLoss,
        RunMetricNames.TrainAccuracy, RunMetricNames.ValidationAccuracy, RunMetricNames.ValidationMacroF1,
    ];

    /// <summary>The runs in the order asked for; unknown ids are reported in <see cref="RunsComparison.MissingIds"/>.</summary>
    public async Task<RunsComparison> CompareAsync(IReadOnlyList<int> runIds, CancellationToken cancellationToken)
    {
        var ids = runIds.Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.TrainingRuns.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        var snapshotIds = runs.Where(r => r.SnapshotId != null).Select(r => r.SnapshotId!.Value).Distinct().ToList();
        var snapshots = await db.DatasetSnapshots.AsNoTracking().Where(s => snapshotIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var found = runs.Select(r => r.Id).ToList();
        var metrics = await db.RunMetrics.AsNoTracking()
            .Where(m => found.Contains(m.RunId) && ComparedSeries.Contains(m.Name))
            .OrderBy(m => m.RunId).ThenBy(m => m.Name).ThenBy(m => m.Step)
            .Select(m => new { m.RunId, m.Name, m.Step, m.Value })
            .ToListAsync(cancellationToken);
        var byRun = metrics.ToLookup(m => m.RunId);

        var compared = ids.Select(id => runs.SingleOrDefault(r => r.Id == id)).OfType<TrainingRun>().Select(run =>
        {
            var evaluation = StoredJson.Deserialize<ClassificationMetrics>(run.EvaluationJson);
            var snapshot = run.SnapshotId is { } sid ? snapshots.GetValueOrDefault(sid) : null;
            var labels = evaluation?.PerClass.Select(c => c.Label).ToList()
                         ?? (snapshot is null ? null : JsonSerializer.Deserialize<List<string>>(snapshot.LabelNamesJson))
                         ?? [];
            var series = byRun[run.Id].GroupBy(m => m.Name).ToDictionary(
                g => g.Key, g => (IReadOnlyList<(double, double)>)g.Select(m => ((double)m.Step, m.Value)).ToList());
            return new ComparedRun(run, snapshot?.ShortHash, StoredJson.Deserialize<Dictionary<string, string>>(run.ParametersJson) ?? new(),
                evaluation, labels, series);
        }).ToList();

        var names = compared.SelectMany(r => r.Parameters.Keys).Distinct().Order(StringComparer.Ordinal);
        var parameters = names.Select(name => new ParameterRow(name, compared.Select(r => r.Parameters.GetValueOrDefault(name)).ToList())).ToList();
        return new RunsComparison(compared, ids.Except(found).ToList(), parameters);
    }

    /// <summary>Validation articles that every run predicted but not all the same way, by article id.</summary>
    public async Task<DisagreementPage> DisagreementsAsync(IReadOnlyList<int> runIds, int skip, int take, CancellationToken cancellationToken)
    {
        var ids = runIds.Distinct().ToList();
        if (ids.Count < 2) return new DisagreementPage([], 0, 0);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var n = ids.Count;
        var common = db.RunPredictions.Where(p => ids.Contains(p.RunId)).GroupBy(p => p.ArticleId).Where(g => g.Count() == n);
        var disagreeing = common.Where(g => g.Min(p => p.Predicted) != g.Max(p => p.Predicted)).Select(g => g.Key);
        var compared = await common.CountAsync(cancellationToken);
        var total = await disagreeing.CountAsync(cancellationToken);
        var pageIds = await disagreeing.OrderBy(a => a).Skip(skip).Take(take).ToListAsync(cancellationToken);

        var predictions = await db.RunPredictions.AsNoTracking().Where(p => ids.Contains(p.RunId) && pageIds.Contains(p.ArticleId))
            .ToListAsync(cancellationToken);
        var articles = await db.Articles.AsNoTracking().Where(a => pageIds.Contains(a.Id))
            .Select(a => new { a.Id, a.DatasetId, a.Title }).ToDictionaryAsync(a => a.Id, cancellationToken);
        var labels = await LabelsAsync(db, ids, cancellationToken);

        var items = pageIds.Select(articleId =>
        {
            var own = predictions.Where(p => p.ArticleId == articleId).ToDictionary(p => p.RunId);
            var first = own[ids[0]];
            var article = articles.GetValueOrDefault(articleId);
            return new Disagreement(articleId, article?.DatasetId ?? 0, article?.Title ?? $"(article {articleId} was deleted)",
                LabelName(labels, ids[0], first.Actual),
                ids.Select(id => own[id]).Select(p => new RunVerdict(p.RunId, LabelName(labels, p.RunId, p.Predicted), p.Confidence, p.Predicted == p.Actual)).ToList());
        }).ToList();
        return new DisagreementPage(items, total, compared);
    }

    private static async Task<Dictionary<int, IReadOnlyList<string>>> LabelsAsync(NewsDbContext db, List<int> ids, CancellationToken cancellationToken)
    {
        var runs = await db.TrainingRuns.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.EvaluationJson, Snapshot = db.DatasetSnapshots.Where(s => s.Id == r.SnapshotId).Select(s => s.LabelNamesJson).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return runs.ToDictionary(r => r.Id, r => (IReadOnlyList<string>?)StoredJson.Deserialize<ClassificationMetrics>(r.EvaluationJson)?.PerClass.Select(c => c.Label).ToList()
                                                  ?? (r.Snapshot is null ? null : JsonSerializer.Deserialize<List<string>>(r.Snapshot))
                                                  ?? []);
    }

    private static string LabelName(Dictionary<int, IReadOnlyList<string>> labels, int runId, int ordinal) =>
        labels.TryGetValue(runId, out var names) && ordinal >= 0 && ordinal < names.Count ? names[ordinal] : $"class {ordinal}";
}
