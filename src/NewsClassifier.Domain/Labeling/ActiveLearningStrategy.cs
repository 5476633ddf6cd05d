namespace NewsClassifier.Domain.Labeling;

/// <summary>How unlabelled articles are ordered for annotators once the production model has scored them.</summary>
public enum ActiveLearningStrategy
{
    /// <summary>Import order (article id).</summary>
    None = 0,
    /// <summary>Lowest top probability first.</summary>
    LeastConfidence = 1,
    /// <summary>Smallest gap between the two most probable classes first.</summary>
    Margin = 2,
    /// <summary>Highest entropy of the predicted distribution first.</summary>
    Entropy = 3,
}
