namespace NewsClassifier.Application.Labeling;

/// <summary>
/// Holds on articles given to an annotator (singleton). Towards others a hold lapses after <see cref="HoldFor"/>, so
/// two annotators asking at once do not both get the last free slot of an article (k = 1: the same article) and an
/// annotator who walks away frees their article. Towards its holder it lasts <see cref="AnswerWithin"/>: the
/// annotation rules accept an answer only for an article the queue gave the user (or one they answered before), so a
/// slow reader is not refused, while a client cannot label articles it was never given. Races that slip through (a
/// lapsed hold) are accepted: the extra annotation is stored and the overlap rule still decides gold or review.
/// </summary>
public sealed class ArticleReservations(TimeProvider clock)
{
    public static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(3);

    public static readonly TimeSpan AnswerWithin = TimeSpan.FromHours(1);

    private readonly object _gate = new();
    private readonly Dictionary<long, Dictionary<string, DateTimeOffset>> _holds = new();

    public void Hold(long articleId, string user)
    {
        lock (_gate)
        {
            if (!_holds.TryGetValue(articleId, out var users)) _holds[articleId] = users = new(StringComparer.Ordinal);
            users[user] = clock.GetUtcNow();
        }
    }

    public void Release(long articleId, string user)
    {
        lock (_gate)
        {
            if (_holds.TryGetValue(articleId, out var users) && users.Remove(user) && users.Count == 0) _holds.Remove(articleId);
        }
    }

    /// <summary>Whether the queue gave this article to the user within <see cref="AnswerWithin"/> (and it is not answered yet).</summary>
    public bool IsHeldBy(long articleId, string user)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
            return _holds.TryGetValue(articleId, out var users) && users.TryGetValue(user, out var given) && given + AnswerWithin > now;
    }

    /// <summary>Articles held by someone other than <paramref name="user"/>, with how many others hold each.</summary>
    public IReadOnlyDictionary<long, int> HeldByOthers(string user)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var result = new Dictionary<long, int>();
            foreach (var (article, users) in _holds.ToList())
            {
                foreach (var (who, given) in users.ToList()) if (given + AnswerWithin <= now) users.Remove(who);
                if (users.Count == 0) { _holds.Remove(article); continue; }
                int others = users.Count(u => u.Key != user && u.Value + HoldFor > now);
                if (others > 0) result[article] = others;
            }
            return result;
        }
    }
}
