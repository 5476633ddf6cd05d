namespace NewsClassifier.Application.Labeling;

public sealed record AnnotatorLabel(string UserName, string Label);
