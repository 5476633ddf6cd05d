namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>A notice whose payload is a row itself (a schedule, a dataset's labelling settings): only its key travels,
/// and the receiving process reads the row (null when it is gone).</summary>
internal sealed class RowNotice<T>(string channel, Func<T, long> key, Func<NewsDbContext, long, CancellationToken, Task<T?>> read)
    : IRemoteNotice<T> where T : class
{
    public string Channel => channel;

    public string Describe(T row) => NoticeText.Join(key(row));

    public async Task<T?> ReadAsync(NewsDbContext db, string notice, CancellationToken cancellationToken) =>
        NoticeText.Id(notice) is { } id ? await read(db, id, cancellationToken) : null;
}
