using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>Scoring progress to pages in this process (singleton); the job also writes it to the settings row.</summary>
public sealed class LabelingNotifier
{
    public event Action<LabelingSettings>? ScoringChanged;

    public void Publish(LabelingSettings settings) => ScoringChanged?.Invoke(settings);
}
