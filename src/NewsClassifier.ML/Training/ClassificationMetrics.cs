namespace NewsClassifier.ML.Training;

/// <summary>Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix (rows = actual, columns = predicted).</summary>
public sealed record ClassificationMetrics(double Accuracy, double MacroF1, IReadOnlyList<ClassMetrics> PerClass, int[][] ConfusionMatrix);
