namespace NewsClassifier.ML.Checkpoints;

/// <summary>What an allow-listed global stands for.</summary>
internal enum AllowedGlobalKind
{
    OrderedDict,
    RebuildTensorV2,
    RebuildParameter,
    RebuildParameterWithState,
    TorchSize,
    /// <summary><c>torch.FloatStorage</c> and friends: only a type tag inside a storage's persistent id.</summary>
    StorageType,
    /// <summary><c>torch.float32</c> and friends: a plain value.</summary>
    DType,
}
