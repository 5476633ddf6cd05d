using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Registry;

public sealed record ModelCardValidation(double? Accuracy, double? MacroF1, double? Loss, int? BestEpoch, ClassificationMetrics? Metrics);
