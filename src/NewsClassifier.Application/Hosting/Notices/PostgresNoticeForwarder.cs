namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>Forwards a publish to the other processes as a notice on the kind's channel (PostgreSQL); on SQLite there
/// is no other process to tell, so it sends nothing.</summary>
internal sealed class PostgresNoticeForwarder<T>(IRemoteNotice<T> notice, DatabaseTarget target, NoticeSender sender) : INoticeForwarder<T>
{
    public void Forward(T payload)
    {
        if (target.IsPostgres) sender.Send(notice.Channel, notice.Describe(payload));
    }
}
