namespace NewsClassifier.Application.Classification;

/// <summary>Nothing can answer a classify request that named no model: no production alias and no trained run.</summary>
public sealed class NoModelException()
    : ClassificationException("No model has been trained yet: start a run in Experiments first.");
