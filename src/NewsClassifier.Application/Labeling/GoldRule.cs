using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// The one rule by which annotations touch the gold label, re-applied to an article after every change to its
/// annotations (annotate, relabel, undo): when it has k labelled annotations that all agree, that label is gold
/// (marked on the annotation that completed it, so undo can revert it); when k or more disagree, an open
/// Disagreement review item waits for a reviewer and there is no automatic gold. A gold label that did not come
/// from this rule (imported, or set by a reviewer) is never touched.
/// </summary>
internal static class GoldRule
{
    public static async Task<AnnotationEffect> ApplyAsync(NewsDbContext db, Article article, int overlap, DateTime now, CancellationToken cancellationToken)
    {
        var annotations = await db.Annotations.Where(a => a.ArticleId == article.Id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        // Annotations added in this unit of work are not in the query result yet.
        annotations.AddRange(db.ChangeTracker.Entries<Annotation>()
            .Where(e => e.State == EntityState.Added && e.Entity.ArticleId == article.Id).Select(e => e.Entity));
        // Whether the gold label came from this rule counts the annotation being undone (it may be the one that set it).
        bool automatic = annotations.Any(a => a.SetGold);
        annotations.RemoveAll(a => db.Entry(a).State == EntityState.Deleted);

        if (article.LabelId is not null && !automatic) return AnnotationEffect.Recorded;

        var labelled = annotations.Where(a => a.LabelId is not null).ToList();
        var open = await db.ReviewItems.Where(r => r.ArticleId == article.Id && r.Reason == ReviewReason.Disagreement && r.Status == ReviewStatus.Open)
            .ToListAsync(cancellationToken);
        var dataset = await db.Datasets.SingleAsync(d => d.Id == article.DatasetId, cancellationToken);

        if (labelled.Count >= overlap && labelled.Select(a => a.LabelId).Distinct().Count() == 1)
        {
            if (article.LabelId is null) dataset.LabelledCount++;
            article.LabelId = labelled[0].LabelId;
            foreach (var a in annotations) a.SetGold = false;
            labelled[^1].SetGold = true;
            db.ReviewItems.RemoveRange(open);
            return AnnotationEffect.BecameGold;
        }

        if (automatic)
        {
            article.LabelId = null;
            dataset.LabelledCount--;
            foreach (var a in annotations) a.SetGold = false;
        }
        if (labelled.Count >= overlap)
        {
            if (open.Count == 0)
            {
                db.ReviewItems.Add(new ReviewItem
                {
                    DatasetId = article.DatasetId, ArticleId = article.Id, Reason = ReviewReason.Disagreement,
                    Status = ReviewStatus.Open, CreatedAt = now, CreatedBy = "labelling",
                    Note = $"{labelled.Count} annotations, {labelled.Select(a => a.LabelId).Distinct().Count()} different labels.",
                });
            }
            return AnnotationEffect.SentToReview;
        }
        db.ReviewItems.RemoveRange(open);
        return AnnotationEffect.Recorded;
    }
}
