namespace NewsClassifier.ML.Training.Bert;

/// <summary>The arithmetic of a BERT fine-tune: all fp32, or bf16 forward and backward with fp32 master weights (<see cref="Bf16Copy"/>).</summary>
public enum TrainingPrecision { Fp32, Bf16 }
