namespace NewsClassifier.Application.Labeling;

/// <summary>A request labelling cannot serve as asked (unknown dataset or label, bad name, nothing to undo).</summary>
public sealed class LabelingException(string message) : Exception(message);
