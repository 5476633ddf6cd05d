namespace NewsClassifier.Application.Datasets;

public sealed record LabelInfo(int Id, int Ordinal, string Name);
