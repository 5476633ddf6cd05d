namespace NewsClassifier.ML.Training.CustomTransformer;

public enum OptimizerKind { Adam, AdamW, Sgd }
