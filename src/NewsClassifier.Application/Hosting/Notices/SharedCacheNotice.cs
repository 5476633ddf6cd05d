namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>A cache invalidation across processes: the cache's number. There is no row to re-read: the receiver only
/// forgets, and what it answers next comes from the database.</summary>
internal sealed class SharedCacheNotice : IRemoteNotice<SharedCacheChange>
{
    public string Channel => "newsclassifier_caches";

    public string Describe(SharedCacheChange change) => NoticeText.Join((long)change.Cache);

    public Task<SharedCacheChange?> ReadAsync(NewsDbContext db, string notice, CancellationToken cancellationToken) =>
        Task.FromResult(NoticeText.Id(notice) is { } id && Enum.IsDefined((SharedCache)id) ? new SharedCacheChange((SharedCache)id) : null);
}
