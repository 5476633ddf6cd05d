namespace NewsClassifier.ML.Training.Bert;

/// <summary>Learning-rate shape of the BERT recipes after warm-up.</summary>
public enum BertSchedule { Linear, Constant }
