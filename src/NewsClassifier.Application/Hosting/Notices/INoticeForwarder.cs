namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>Tells the other processes on the database that a <typeparamref name="T"/> was published here.</summary>
public interface INoticeForwarder<in T>
{
    void Forward(T payload);
}
