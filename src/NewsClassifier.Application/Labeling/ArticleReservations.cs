using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// Holds on articles given to an annotator, stored in the database (<see cref="AnnotationHold"/>) so that every web
/// node sees the same holds. Towards others a hold lapses after <see cref="HoldFor"/>, so two annotators asking at once
/// do not both get the last free slot of an article (k = 1: the same article) and an annotator who walks away frees
/// their article. Towards its holder it lasts <see cref="AnswerWithin"/>: the annotation rules accept an answer only for
/// an article the queue gave the user (or one they answered before), so a slow reader is not refused, while a client
/// cannot label articles it was never given. Races that slip through (a lapsed hold, two nodes picking at the same
/// instant) are accepted: the extra annotation is stored and the overlap rule still decides gold or review.
/// </summary>
public sealed class ArticleReservations(IDbContextFactory<NewsDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(3);

    public static readonly TimeSpan AnswerWithin = TimeSpan.FromHours(1);

    /// <summary>Gives <paramref name="articleId"/> to <paramref name="user"/> (again: the hold starts over).</summary>
    public async Task HoldAsync(long articleId, string user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await RenewAsync(db, articleId, user, now, cancellationToken)) return;
        db.AnnotationHolds.Add(new AnnotationHold { ArticleId = articleId, UserName = user, GivenAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same user's hold was written by another request in between (two tabs, two nodes): renew that one.
            // A hold on an article that is gone (deleted dataset) fails again here and is reported as such.
            if (!await RenewAsync(db, articleId, user, now, cancellationToken)) throw;
        }
    }

    public async Task ReleaseAsync(long articleId, string user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.AnnotationHolds.Where(h => h.ArticleId == articleId && h.UserName == user).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Whether the queue gave this article to the user within <see cref="AnswerWithin"/> (and it is not answered yet).</summary>
    public async Task<bool> IsHeldByAsync(long articleId, string user, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime - AnswerWithin;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AnnotationHolds.AnyAsync(h => h.ArticleId == articleId && h.UserName == user && h.GivenAt > since, cancellationToken);
    }

    /// <summary>Articles held by someone other than <paramref name="user"/>, with how many others hold each. Holds past
    /// <see cref="AnswerWithin"/> are deleted on the way (they count for no one).</summary>
    public async Task<IReadOnlyDictionary<long, int>> HeldByOthersAsync(string user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (lapsed, fresh) = (now - AnswerWithin, now - HoldFor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.AnnotationHolds.Where(h => h.GivenAt <= lapsed).ExecuteDeleteAsync(cancellationToken);
        return await db.AnnotationHolds.Where(h => h.UserName != user && h.GivenAt > fresh)
            .GroupBy(h => h.ArticleId).Select(g => new { Article = g.Key, Others = g.Count() })
            .ToDictionaryAsync(g => g.Article, g => g.Others, cancellationToken);
    }

    private static async Task<bool> RenewAsync(NewsDbContext db, long articleId, string user, DateTime now, CancellationToken cancellationToken) =>
        await db.AnnotationHolds.Where(h => h.ArticleId == articleId && h.UserName == user)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.GivenAt, now), cancellationToken) > 0;
}
