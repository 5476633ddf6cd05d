namespace NewsClassifier.Application.Activity;

/// <summary>The kinds of background work the Jobs list shows side by side.</summary>
public enum JobKind
{
    Import,
    Training,
    Scoring,
    Pretrained,
    ScheduleFiring,
}
