namespace NewsClassifier.Application.Pretrained;

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post late reports to the pool).</summary>
public sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
