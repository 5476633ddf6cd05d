namespace NewsClassifier.Application.Hosting;

/// <summary>
/// Fan-out of one kind of progress (<typeparamref name="T"/>) to listeners in this process, registered as a
/// singleton per payload type. Long work writes the same state to its row first, so a page opened later (or in
/// another process) starts from the stored state and only needs the notifier for what happens next.
/// </summary>
public sealed class Notifier<T>
{
    public event Action<T>? Changed;

    public void Publish(T payload) => Changed?.Invoke(payload);
}
