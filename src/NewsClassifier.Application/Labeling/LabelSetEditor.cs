using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// Edits a dataset's label set (an Admin's job): add, rename, and merge one class into another, relabelling its
/// articles, annotations and review items. Ordinals stay dense (0..n-1) because they are the class indices a
/// model trains on; snapshots keep their own label names, so earlier runs are untouched.
/// </summary>
public sealed class LabelSetEditor(IDbContextFactory<NewsDbContext> contexts)
{
    public async Task<LabelOption> AddAsync(int datasetId, string name, CancellationToken cancellationToken)
    {
        name = CheckName(name);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken)) throw new LabelingException($"There is no dataset number {datasetId}.");
        var labels = await db.LabelClasses.Where(l => l.DatasetId == datasetId).ToListAsync(cancellationToken);
        if (labels.Any(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))) throw new LabelingException($"The label set already has '{name}'.");
        var label = new LabelClass { DatasetId = datasetId, Name = name, Ordinal = labels.Count };
        db.LabelClasses.Add(label);
        await db.SaveChangesAsync(cancellationToken);
        return new LabelOption(label.Id, label.Ordinal, label.Name);
    }

    public const int MaxClasses = 100;

    /// <summary>
    /// The first label set of a dataset that has none (an import without labels), in the order given: that order is the
    /// ordinals and keys 1-9. Refused when the dataset already has classes (editing them is <see cref="AddAsync"/>,
    /// rename and merge), with fewer than two names, duplicates (case-insensitive) or a bad name; refusals add nothing.
    /// </summary>
    public async Task<IReadOnlyList<LabelOption>> CreateAsync(int datasetId, IReadOnlyList<string?> names, CancellationToken cancellationToken)
    {
        var clean = (names ?? []).Select(CheckName).ToList();
        if (clean.Count < 2) throw new LabelingException("A label set needs at least two classes.");
        if (clean.Count > MaxClasses) throw new LabelingException($"A label set has at most {MaxClasses} classes.");
        if (clean.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new LabelingException($"'{twice.Key}' is given twice.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken)) throw new LabelingException($"There is no dataset number {datasetId}.");
        if (await db.LabelClasses.AnyAsync(l => l.DatasetId == datasetId, cancellationToken))
            throw new LabelingException("This dataset already has a label set: an Admin edits it in Settings.");
        var labels = clean.Select((name, i) => new LabelClass { DatasetId = datasetId, Name = name, Ordinal = i }).ToList();
        db.LabelClasses.AddRange(labels);
        try { await db.SaveChangesAsync(cancellationToken); }
        catch (DbUpdateException)
        {
            // Someone else created it at the same moment (the unique dataset-ordinal index).
            throw new LabelingException("This dataset got a label set meanwhile: reload the page.");
        }
        return labels.Select(l => new LabelOption(l.Id, l.Ordinal, l.Name)).ToList();
    }

    public async Task RenameAsync(int datasetId, int labelId, string name, CancellationToken cancellationToken)
    {
        name = CheckName(name);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var labels = await db.LabelClasses.Where(l => l.DatasetId == datasetId).ToListAsync(cancellationToken);
        var label = labels.SingleOrDefault(l => l.Id == labelId) ?? throw new LabelingException($"Label {labelId} is not in this dataset's label set.");
        if (labels.Any(l => l.Id != labelId && string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw new LabelingException($"The label set already has '{name}': merge into it instead.");
        label.Name = name;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Moves everything labelled <paramref name="fromId"/> to <paramref name="intoId"/>, deletes the first
    /// and renumbers the ordinals after it; returns how many articles were relabelled.</summary>
    public async Task<int> MergeAsync(int datasetId, int fromId, int intoId, CancellationToken cancellationToken)
    {
        if (fromId == intoId) throw new LabelingException("Pick two different labels to merge.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var labels = await db.LabelClasses.Where(l => l.DatasetId == datasetId).OrderBy(l => l.Ordinal).ToListAsync(cancellationToken);
        var from = labels.SingleOrDefault(l => l.Id == fromId) ?? throw new LabelingException($"Label {fromId} is not in this dataset's label set.");
        if (labels.All(l => l.Id != intoId)) throw new LabelingException($"Label {intoId} is not in this dataset's label set.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        int articles = await db.Articles.Where(a => a.LabelId == fromId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LabelId, intoId), cancellationToken);
        await db.Annotations.Where(a => a.LabelId == fromId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LabelId, intoId), cancellationToken);
        await db.ReviewItems.Where(r => r.ProposedLabelId == fromId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ProposedLabelId, intoId), cancellationToken);
        await db.ReviewItems.Where(r => r.GoldLabelId == fromId).ExecuteUpdateAsync(s => s.SetProperty(r => r.GoldLabelId, intoId), cancellationToken);
        // Scores hold ordinals of the old label set: they are stale now, and the next scoring replaces them.
        await db.ArticleScores.Where(s => s.DatasetId == datasetId).ExecuteDeleteAsync(cancellationToken);
        var settings = await db.LabelingSettings.SingleOrDefaultAsync(s => s.DatasetId == datasetId, cancellationToken);
        if (settings is not null) settings.ScoredModelVersionId = null;

        db.LabelClasses.Remove(from);
        await db.SaveChangesAsync(cancellationToken);
        // Dense ordinals without tripping the unique (dataset, ordinal) index midway: park them negative first.
        var rest = labels.Where(l => l.Id != fromId).ToList();
        foreach (var l in rest) l.Ordinal = -1 - l.Ordinal;
        await db.SaveChangesAsync(cancellationToken);
        for (int i = 0; i < rest.Count; i++) rest[i].Ordinal = i;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return articles;
    }

    private static string CheckName(string? name)
    {
        var n = name?.Trim() ?? "";
        if (n.Length == 0) throw new LabelingException("Give the label a name.");
        if (n.Length > 100) throw new LabelingException("A label name has at most 100 characters.");
        return n;
    }
}
