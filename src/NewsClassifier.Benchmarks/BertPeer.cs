namespace NewsClassifier.Benchmarks;

/// <summary>
/// Runs reference/bert_reference.py (our PyTorch BERT) with Debian's /usr/bin/python3 on a job file and returns the
/// JSON object it prints last. The job carries token ids, batches and a weights path, so both engines see the same data.
/// </summary>
internal static class BertPeer
{
    public static string Script => Path.Combine(AppContext.BaseDirectory, "reference", "bert_reference.py");

    /// <summary>Null (with the reason printed) when python3 with torch is missing or the script fails.</summary>
    public static JsonElement? Run(object job, PeerEnvironment environment, CancellationToken cancellationToken) =>
        PythonPeer.Run(Script, job, environment, cancellationToken);
}
