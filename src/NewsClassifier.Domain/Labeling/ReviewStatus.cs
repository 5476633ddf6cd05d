namespace NewsClassifier.Domain.Labeling;

public enum ReviewStatus
{
    Open = 0,
    Resolved = 1,
    Dismissed = 2,
}
