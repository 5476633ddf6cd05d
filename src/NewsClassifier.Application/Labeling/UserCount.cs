namespace NewsClassifier.Application.Labeling;

public sealed record UserCount(string UserName, int Labelled, int Skipped);
