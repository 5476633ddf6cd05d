namespace NewsClassifier.ML.Checkpoints;

/// <summary>
/// The one entry point for Hugging Face weights: reads <c>model.safetensors</c> or a
/// <c>torch.save</c> zip (<c>pytorch_model.bin</c>) into a <see cref="StateDict"/>, choosing the reader
/// by the file's first bytes (a file's extension is often wrong: renamed downloads, ".pt", ".ckpt").
/// </summary>
public static class StateDictReader
{
    public static StateDict Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var format = Detect(path);
        if (format == StateDictFormat.TorchZip) return TorchZipCheckpoint.Read(path);

        var file = SafeTensors.Read(path);
        return new StateDict(path, StateDictFormat.SafeTensors, file.Tensors, file.SourceDTypes);
    }

    /// <summary>
    /// The tensors the file lists (names, dtypes, shapes), validated but with no tensor data read or allocated: what an
    /// import compares with the model its config.json describes before building that model.
    /// </summary>
    public static IReadOnlyList<TensorInfo> ReadIndex(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Detect(path) == StateDictFormat.TorchZip ? TorchZipCheckpoint.ReadIndex(path) : SafeTensors.ReadIndex(path);
    }

    /// <summary>
    /// Zip header -> torch zip; 8-byte length followed by '{' -> safetensors; a bare pickle -> the
    /// legacy torch format, refused with how to convert it; anything else refused.
    /// </summary>
    public static StateDictFormat Detect(string path)
    {
        Span<byte> head = stackalloc byte[9];
        int n;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];

        if (TorchZipCheckpoint.HasZipMagic(head)) return StateDictFormat.TorchZip;
        if (n == 9 && head[8] == (byte)'{') return StateDictFormat.SafeTensors;
        if (TorchZipCheckpoint.HasPickleMagic(head))
            throw TorchZipCheckpoint.LegacyFormat(path);
        throw new InvalidDataException($"'{path}' is neither a safetensors file nor a torch.save zip archive (pytorch_model.bin): its first bytes are {Convert.ToHexString(head)}.");
    }
}
