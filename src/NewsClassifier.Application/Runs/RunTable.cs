using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Runs;

/// <summary>Server-side sorting, filtering, search and paging of all runs for the experiments table.</summary>
public sealed class RunTable(IDbContextFactory<NewsDbContext> contexts)
{
    /// <summary>Parameters shown in the table, in this order, when a recipe has them.</summary>
    public static readonly IReadOnlyList<string> KeyParameterNames =
        ["epochs", "learning_rate", "batch_size", "embed_dim", "num_heads", "ff_dim", "max_length", "dropout"];

    public async Task<RunTablePage> GetPageAsync(RunTableQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = Filter(db.TrainingRuns.AsNoTracking(), query);
        var total = await runs.CountAsync(cancellationToken);

        List<TrainingRun> page;
        if (query.Sort == RunSort.Duration)
        {
            // SQLite keeps times as text, and EF has no translation for their difference: sort the
            // (few, small) id/time pairs here, then read the page's rows.
            var times = await runs.Select(r => new { r.Id, r.StartedAt, r.FinishedAt }).ToListAsync(cancellationToken);
            var now = DateTime.UtcNow;
            var ordered = times.Select(t => (t.Id, Duration: t.StartedAt is { } s ? (t.FinishedAt ?? now) - s : (TimeSpan?)null));
            ordered = query.Descending
                ? ordered.OrderByDescending(t => t.Duration).ThenByDescending(t => t.Id)
                : ordered.OrderBy(t => t.Duration).ThenBy(t => t.Id);
            var ids = ordered.Skip(query.Skip).Take(query.Take).Select(t => t.Id).ToList();
            var rows = await db.TrainingRuns.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
            page = ids.Select(id => rows.Single(r => r.Id == id)).ToList();
        }
        else
        {
            page = await Sort(runs, query.Sort, query.Descending).Skip(query.Skip).Take(query.Take).ToListAsync(cancellationToken);
        }

        var snapshotIds = page.Where(r => r.SnapshotId != null).Select(r => r.SnapshotId!.Value).Distinct().ToList();
        var hashes = await db.DatasetSnapshots.AsNoTracking().Where(s => snapshotIds.Contains(s.Id))
            .Select(s => new { s.Id, s.ContentHash }).ToDictionaryAsync(s => s.Id, s => s.ContentHash, cancellationToken);
        return new RunTablePage(page.Select(r => ToRow(r, r.SnapshotId is { } sid && hashes.TryGetValue(sid, out var h) ? h[..Math.Min(8, h.Length)] : null)).ToList(), total);
    }

    public async Task<RunFacets> FacetsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var recipes = await db.TrainingRuns.Select(r => r.Recipe).Distinct().OrderBy(r => r).ToListAsync(cancellationToken);
        var datasets = await db.TrainingRuns.GroupBy(r => r.DatasetId)
            .Select(g => new { Id = g.Key, Name = g.Max(r => r.DatasetName) }).ToListAsync(cancellationToken);
        var tagLists = await db.TrainingRuns.Where(r => r.Tags != "").Select(r => r.Tags).Distinct().ToListAsync(cancellationToken);
        var tags = tagLists.SelectMany(ParseTags).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new RunFacets(recipes, datasets.OrderBy(d => d.Name).Select(d => (d.Id, d.Name ?? "")).ToList(), tags);
    }

    /// <summary>Tags as stored ("a,b") to a list; blanks and surrounding spaces dropped.</summary>
    public static IReadOnlyList<string> ParseTags(string? tags) =>
        string.IsNullOrWhiteSpace(tags) ? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IQueryable<TrainingRun> Filter(IQueryable<TrainingRun> runs, RunTableQuery query)
    {
        if (!query.IncludeArchived) runs = runs.Where(r => !r.IsArchived);
        if (query.State is { } state) runs = runs.Where(r => r.State == state);
        if (!string.IsNullOrEmpty(query.Recipe)) runs = runs.Where(r => r.Recipe == query.Recipe);
        if (query.DatasetId is { } datasetId) runs = runs.Where(r => r.DatasetId == datasetId);
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            // Tags are stored comma-separated without spaces (RunCatalog normalises them); the match ignores case.
            var pattern = "%," + EscapeLike(query.Tag.Trim()) + ",%";
            runs = runs.Where(r => TextMatch.Like("," + r.Tags + ",", pattern));
        }
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            var pattern = "%" + EscapeLike(text) + "%";
            int? id = int.TryParse(text.TrimStart('#'), out var n) ? n : null;
            runs = runs.Where(r => r.Id == id
                || TextMatch.Like(r.Recipe, pattern)
                || TextMatch.Like(r.DatasetName, pattern)
                || (r.Name != null && TextMatch.Like(r.Name, pattern))
                || TextMatch.Like(r.Tags, pattern)
                || (r.Notes != null && TextMatch.Like(r.Notes, pattern)));
        }
        return runs;
    }

    private static IQueryable<TrainingRun> Sort(IQueryable<TrainingRun> runs, RunSort sort, bool descending) => sort switch
    {
        RunSort.Created => descending ? runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id) : runs.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
        RunSort.Recipe => descending ? runs.OrderByDescending(r => r.Recipe).ThenByDescending(r => r.Id) : runs.OrderBy(r => r.Recipe).ThenBy(r => r.Id),
        RunSort.Dataset => descending ? runs.OrderByDescending(r => r.DatasetName).ThenByDescending(r => r.Id) : runs.OrderBy(r => r.DatasetName).ThenBy(r => r.Id),
        RunSort.State => descending ? runs.OrderByDescending(r => r.State).ThenByDescending(r => r.Id) : runs.OrderBy(r => r.State).ThenBy(r => r.Id),
        RunSort.Accuracy => descending ? runs.OrderByDescending(r => r.ValidationAccuracy).ThenByDescending(r => r.Id) : runs.OrderBy(r => r.ValidationAccuracy).ThenBy(r => r.Id),
        RunSort.MacroF1 => descending ? runs.OrderByDescending(r => r.ValidationMacroF1).ThenByDescending(r => r.Id) : runs.OrderBy(r => r.ValidationMacroF1).ThenBy(r => r.Id),
        _ => descending ? runs.OrderByDescending(r => r.Id) : runs.OrderBy(r => r.Id),
    };

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private static RunRow ToRow(TrainingRun r, string? snapshotHash)
    {
        var parameters = StoredJson.Deserialize<Dictionary<string, string>>(r.ParametersJson) ?? new();
        var key = KeyParameterNames.Where(parameters.ContainsKey).Select(k => new KeyValuePair<string, string>(k, parameters[k])).ToList();
        return new RunRow(r.Id, r.Recipe, r.DatasetId, r.DatasetName, r.SnapshotId, snapshotHash, r.State, r.Epoch, r.Epochs, r.Step, r.TotalSteps,
            r.ValidationAccuracy, r.ValidationMacroF1, r.CreatedAt, r.StartedAt, r.FinishedAt, r.Device, r.StartedBy, ParseTags(r.Tags), r.Notes,
            r.IsArchived, key, r.Name, parameters);
    }
}
