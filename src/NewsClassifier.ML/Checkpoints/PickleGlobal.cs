namespace NewsClassifier.ML.Checkpoints;

/// <summary>A global the allow-list accepted (module and name as written in the pickle).</summary>
internal sealed record PickleGlobal(string Module, string Name, AllowedGlobalKind Kind, CheckpointDType? DType)
{
    public string FullName => $"{Module}.{Name}";
}
