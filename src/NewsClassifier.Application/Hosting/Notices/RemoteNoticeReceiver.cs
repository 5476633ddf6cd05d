namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>One channel the listener hears: what the notice names is re-read from the database and raised on this
/// process's <see cref="Notifier{T}"/> (its subscribers get stored state, never the sender's word for it).</summary>
public interface IRemoteNoticeReceiver
{
    string Channel { get; }

    Task ReceiveAsync(string notice, CancellationToken cancellationToken);
}

internal sealed class RemoteNoticeReceiver<T>(IRemoteNotice<T> notice, Notifier<T> notifier, IDbContextFactory<NewsDbContext> contexts) : IRemoteNoticeReceiver
{
    public string Channel => notice.Channel;

    public async Task ReceiveAsync(string text, CancellationToken cancellationToken)
    {
        T? payload;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            payload = await notice.ReadAsync(db, text, cancellationToken);
        if (payload is not null) notifier.RaiseFromElsewhere(payload);
    }
}
