namespace NewsClassifier.Domain.Pretrained;

/// <summary>Queued until its job starts; Downloading covers copying and extracting too; Ready is the only usable state.</summary>
public enum PretrainedState { Queued, Downloading, Validating, Ready, Failed }
