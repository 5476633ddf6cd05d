namespace NewsClassifier.Application.Overview;

/// <summary>The model Classify, the API and scoring use by default (the most recently promoted production version) and
/// the validation figures of the run it came from.</summary>
public sealed record OverviewProduction(string ModelName, int Version, int RunId, string Recipe, double? ValidationAccuracy, double? ValidationMacroF1);
