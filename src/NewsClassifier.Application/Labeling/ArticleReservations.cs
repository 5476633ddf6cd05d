namespace NewsClassifier.Application.Labeling;

/// <summary>
/// Short holds on articles shown to an annotator (singleton), so two annotators asking at once do not both
/// get the last free slot of an article (k = 1: the same article). A hold lapses after
/// <see cref="HoldFor"/>, so an annotator who walks away frees their article. Races that slip through
/// (another process, a lapsed hold) are accepted: the extra annotation is stored and the overlap rule
/// still decides gold or review.
/// </summary>
public sealed class ArticleReservations(TimeProvider clock)
{
    public static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(3);

    private readonly object _gate = new();
    private readonly Dictionary<long, Dictionary<string, DateTimeOffset>> _holds = new();

    public void Hold(long articleId, string user)
    {
        lock (_gate)
        {
            if (!_holds.TryGetValue(articleId, out var users)) _holds[articleId] = users = new(StringComparer.Ordinal);
            users[user] = clock.GetUtcNow() + HoldFor;
        }
    }

    public void Release(long articleId, string user)
    {
        lock (_gate)
        {
            if (_holds.TryGetValue(articleId, out var users) && users.Remove(user) && users.Count == 0) _holds.Remove(articleId);
        }
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
                foreach (var (who, until) in users.ToList()) if (until <= now) users.Remove(who);
                if (users.Count == 0) { _holds.Remove(article); continue; }
                int others = users.Keys.Count(u => u != user);
                if (others > 0) result[article] = others;
            }
            return result;
        }
    }
}
