namespace NewsClassifier.Application.Classification;

/// <summary>The classifier cannot take the request now (its queue is full, or every cache slot is held by a model in
/// use): the API answers 503 with <see cref="RetryAfter"/>; nothing was classified or changed.</summary>
public sealed class ClassificationBusyException(string message, TimeSpan retryAfter) : ClassificationException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
