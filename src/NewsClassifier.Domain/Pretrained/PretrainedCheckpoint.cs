namespace NewsClassifier.Domain.Pretrained;

/// <summary>
/// A Hugging Face BERT model folder (config.json, vocab.txt, model.safetensors or pytorch_model.bin,
/// tokenizer_config.json when present) imported under <c>{DataDirectory}/pretrained/{Folder}</c>, with the
/// summary of its config so lists need not open the files. The row is written before any file, so a
/// download interrupted by a restart is found and resumed.
/// </summary>
public sealed class PretrainedCheckpoint
{
    public const int MaxNameLength = 200;

    public int Id { get; set; }

    /// <summary>Unique: the hub id (<c>google/bert_uncased_L-4_H-128_A-2</c>) or a name the user gave.</summary>
    public required string Name { get; set; }

    public PretrainedSourceKind SourceKind { get; set; }

    /// <summary>Hub: the model id; ServerPath: the original folder; Upload: the zip's file name.</summary>
    public required string Source { get; set; }

    /// <summary>Hub: the branch, tag or commit (default <c>main</c>).</summary>
    public string? Revision { get; set; }

    /// <summary>Hub: the base URL the files were fetched from.</summary>
    public string? HubUrl { get; set; }

    /// <summary>Upload: where the zip waits until the job has extracted it.</summary>
    public string? StagedPath { get; set; }

    /// <summary>Folder name under <c>{DataDirectory}/pretrained/</c> (relative, one segment).</summary>
    public required string Folder { get; set; }

    public PretrainedState State { get; set; }
    public string? JobId { get; set; }
    /// <summary>Times this work started (counted and saved as it starts, before the heavy part) and did not end in a
    /// graceful host stop; a retry starts the count again. At a restart, an unfinished row's count is how often the
    /// process died while it ran: recovery fails it instead of starting it again once that reaches
    /// <c>Jobs:MaxCrashAttempts</c>.</summary>
    public int Attempts { get; set; }
    public long BytesDone { get; set; }
    public long BytesTotal { get; set; }
    /// <summary>Why it failed, or the current step while it runs.</summary>
    public string? Error { get; set; }

    // Summary of config.json, filled when the folder validates.
    public int? NumLayers { get; set; }
    public int? HiddenSize { get; set; }
    public int? NumHeads { get; set; }
    public int? IntermediateSize { get; set; }
    public int? VocabSize { get; set; }
    /// <summary>Lines of vocab.txt (can be below <see cref="VocabSize"/>: the embedding has spare rows).</summary>
    public int? VocabFileTokens { get; set; }
    public int? MaxPositions { get; set; }
    /// <summary>Encoder parameters as the config implies them (embeddings, layers, pooler).</summary>
    public long? ParameterCount { get; set; }
    /// <summary><c>safetensors</c> or <c>pytorch_bin</c>.</summary>
    public string? WeightsFormat { get; set; }
    /// <summary>Bytes of all files in the folder.</summary>
    public long? TotalBytes { get; set; }
    /// <summary><c>do_lower_case</c> of tokenizer_config.json (true when absent: uncased BERT).</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public required string CreatedBy { get; set; }

    public bool IsFinished => State is PretrainedState.Ready or PretrainedState.Failed;
}
