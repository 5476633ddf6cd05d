namespace NewsClassifier.Domain.Pretrained;

/// <summary>Where a pretrained checkpoint came from.</summary>
public enum PretrainedSourceKind { Upload, ServerPath, Hub }
