namespace NewsClassifier.ML.Training.CustomTransformer;

public enum LearningRateSchedule { Constant, Linear, Cosine }
