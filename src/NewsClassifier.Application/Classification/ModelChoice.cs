using NewsClassifier.Application.Registry;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Classification;

/// <summary>The run that answers a classify request, and the registered model it was reached through (null when
/// a run was asked for, or when no model is in production and the newest run answers).</summary>
public sealed record ModelChoice(TrainingRun Run, ResolvedModel? Model);
