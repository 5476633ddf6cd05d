using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NewsClassifier.Data;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Schedules;

/// <summary>
/// Chooses a schedule's evaluation articles once (a seeded stratified share of its dataset's gold articles, or every
/// gold article of an evaluation dataset), stores them with their labels and a content hash, and loads them back the
/// same at every later firing. A frozen set whose articles were deleted no longer matches its hash, and the firing says so.
/// </summary>
public sealed class EvaluationSets(IDbContextFactory<NewsDbContext> contexts)
{
    public async Task<EvaluationSet> FreezeOrLoadAsync(int scheduleId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedule = await db.Schedules.SingleAsync(s => s.Id == scheduleId, cancellationToken);
        var labels = await db.LabelClasses.AsNoTracking().Where(l => l.DatasetId == schedule.DatasetId)
            .OrderBy(l => l.Ordinal).Select(l => l.Name).ToListAsync(cancellationToken);
        if (schedule.EvaluationHash is not null) return await LoadAsync(db, schedule, labels, cancellationToken);

        var sourceDataset = schedule.EvaluationDatasetId ?? schedule.DatasetId;
        var gold = await db.Articles.AsNoTracking().Where(a => a.DatasetId == sourceDataset && a.LabelId != null).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Title, a.Text, Label = a.Label!.Name }).ToListAsync(cancellationToken);
        var chosen = gold.Where(g => labels.Contains(g.Label)).ToList();
        if (schedule.EvaluationDatasetId is null)
        {
            var ordinals = chosen.Select(g => labels.IndexOf(g.Label)).ToList();
            // Seeded by the schedule, so two schedules on one dataset hold out different articles.
            var (_, evaluation) = StratifiedSplit.Split(ordinals, schedule.EvaluationFraction, seed: 7919 * schedule.Id);
            chosen = evaluation.Select(i => chosen[i]).ToList();
        }
        if (chosen.Count == 0)
            throw new ScheduleFiringException("The evaluation set would be empty: the dataset has no labeled articles in its label set to hold out.");
        var set = new EvaluationSet(chosen.Select(c => c.Id).ToList(), chosen.Select(c => Article.ComposeModelText(c.Title, c.Text)).ToList(),
            chosen.Select(c => labels.IndexOf(c.Label)).ToList(), labels, "");
        set = set with { Hash = Hash(set) };
        db.EvaluationArticles.AddRange(chosen.Select(c => new EvaluationArticle { ScheduleId = schedule.Id, ArticleId = c.Id, Label = c.Label }));
        schedule.EvaluationHash = set.Hash;
        await db.SaveChangesAsync(cancellationToken);
        return set;
    }

    private static async Task<EvaluationSet> LoadAsync(NewsDbContext db, Schedule schedule, List<string> labels, CancellationToken cancellationToken)
    {
        var rows = await (from e in db.EvaluationArticles.AsNoTracking()
                          join a in db.Articles.AsNoTracking() on e.ArticleId equals a.Id
                          where e.ScheduleId == schedule.Id
                          orderby e.ArticleId
                          select new { e.ArticleId, a.Title, a.Text, e.Label }).ToListAsync(cancellationToken);
        var set = new EvaluationSet(rows.Select(r => r.ArticleId).ToList(), rows.Select(r => Article.ComposeModelText(r.Title, r.Text)).ToList(),
            rows.Select(r => labels.IndexOf(r.Label)).ToList(), labels, "");
        var hash = set.Truth.Any(t => t < 0) ? "" : Hash(set);
        if (hash != schedule.EvaluationHash)
            throw new ScheduleFiringException("The frozen evaluation set changed (articles were deleted or a label was renamed); " +
                                              "edit the schedule's evaluation share to freeze a new one.");
        return set with { Hash = hash };
    }

    /// <summary>SHA-256 over every evaluation article's id, gold label and text, in id order.</summary>
    internal static string Hash(EvaluationSet set)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < set.ArticleIds.Count; i++)
            sha.AppendData(Encoding.UTF8.GetBytes($"{set.ArticleIds[i]}\u001e{set.Labels[set.Truth[i]]}\u001e{set.Texts[i]}\u001f"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
