namespace NewsClassifier.ML.Training;

/// <summary>Labelled articles: <c>Labels[i]</c> is an ordinal into <c>LabelNames</c>.</summary>
public sealed record TrainingData(IReadOnlyList<string> Texts, IReadOnlyList<int> Labels, IReadOnlyList<string> LabelNames)
{
    public void Validate()
    {
        if (Texts.Count != Labels.Count) throw new ArgumentException($"{Texts.Count} texts but {Labels.Count} labels.");
        if (LabelNames.Count < 2) throw new ArgumentException("At least two label names are needed.");
        for (int i = 0; i < Labels.Count; i++)
        {
            if ((uint)Labels[i] >= LabelNames.Count)
                throw new ArgumentException($"Label {Labels[i]} of article {i} is outside 0..{LabelNames.Count - 1}.");
        }
    }

    /// <summary><see cref="Validate"/> plus non-empty training and validation sets: what every trainer checks first.</summary>
    public void ValidateSplit(IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices)
    {
        Validate();
        if (trainIndices.Count == 0) throw new ArgumentException("No training articles.", nameof(trainIndices));
        if (validationIndices.Count == 0) throw new ArgumentException("No validation articles.", nameof(validationIndices));
    }
}
