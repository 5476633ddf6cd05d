namespace NewsClassifier.Domain.Labeling;

public enum ScoringState
{
    Never = 0,
    Queued = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
}
