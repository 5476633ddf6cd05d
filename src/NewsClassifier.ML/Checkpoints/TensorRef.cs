namespace NewsClassifier.ML.Checkpoints;

/// <summary>A tensor to rebuild from a storage: <c>_rebuild_tensor_v2(storage, offset, size, stride, ...)</c>.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride)
{
    public long Numel => Size.Aggregate(1L, (a, b) => checked(a * b));
}
