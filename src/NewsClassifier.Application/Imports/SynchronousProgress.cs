namespace NewsClassifier.Application.Imports;

/// <summary>An IProgress that calls back on the reporting thread. Progress&lt;T&gt; posts to the thread
/// pool instead, so late callbacks could overwrite the final numbers after the work finished.</summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
