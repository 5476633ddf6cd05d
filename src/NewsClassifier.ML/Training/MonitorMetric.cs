namespace NewsClassifier.ML.Training;

/// <summary>What "best epoch" means for early stopping and for the weights kept.</summary>
public enum MonitorMetric { ValLoss, ValAccuracy }
