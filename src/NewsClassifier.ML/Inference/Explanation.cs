namespace NewsClassifier.ML.Inference;

public sealed record Explanation(Prediction Prediction, AttentionMap Attention);
