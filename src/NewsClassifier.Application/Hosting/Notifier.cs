using NewsClassifier.Application.Hosting.Notices;

namespace NewsClassifier.Application.Hosting;

/// <summary>
/// Fan-out of one kind of progress (<typeparamref name="T"/>) to listeners, registered as a singleton per payload type.
/// Long work writes the same state to its row first, so a page opened later (or in another process) starts from the
/// stored state and only needs the notifier for what happens next.
/// <para>On PostgreSQL a kind with a <see cref="INoticeForwarder{T}"/> also reaches the other processes on the database:
/// <see cref="Publish"/> raises <see cref="Changed"/> here and forwards a notice of what changed; another process's
/// notice arrives through <see cref="RaiseFromElsewhere"/>, with the payload re-read from the database there. On SQLite
/// (the default) the forwarder sends nothing: in-process only.</para>
/// </summary>
public sealed class Notifier<T>(INoticeForwarder<T>? forwarder = null)
{
    public event Action<T>? Changed;

    public void Publish(T payload)
    {
        Changed?.Invoke(payload);
        forwarder?.Forward(payload);
    }

    /// <summary>Another process published: raises <see cref="Changed"/> here only (never forwarded again).</summary>
    internal void RaiseFromElsewhere(T payload) => Changed?.Invoke(payload);
}
