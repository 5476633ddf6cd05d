namespace NewsClassifier.ML.Checkpoints;

/// <summary>A pickled list.</summary>
internal sealed class PickleList : List<object?>;
