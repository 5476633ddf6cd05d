namespace NewsClassifier.ML.Checkpoints;

/// <summary>A storage record of the archive (<c>data/&lt;key&gt;</c>), not read yet.</summary>
internal sealed record StorageRef(string Key, CheckpointDType DType, long Numel, string Location);
