namespace NewsClassifier.Application.Classification;

/// <summary>Configuration section "Inference".</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>Models kept loaded in memory; the least recently used one is unloaded past this.</summary>
    [Range(1, 100)]
    public int CachedModels { get; set; } = 4;

    /// <summary>Most articles classified in one forward pass when requests arrive together.</summary>
    [Range(1, 1024)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>How long the first request of a batch waits for others to join it (milliseconds). 0: it does not wait;
    /// requests that arrive while a forward pass runs still form the next batch together, so batching under load stays
    /// and a request alone no longer pays a timer tick (at least 1-2 ms, far more than the model's own time).</summary>
    [Range(0, 100)]
    public int BatchWindowMilliseconds { get; set; }

    /// <summary>Longer pasted texts are cut to this many characters (the model reads far fewer tokens anyway).</summary>
    [Range(100, 10_000_000)]
    public int MaxTextCharacters { get; set; } = 100_000;

    /// <summary>Models read from disk at the same time (each load allocates the whole model; a stampede over many
    /// models must not load them all at once).</summary>
    [Range(1, 16)]
    public int MaxConcurrentLoads { get; set; } = 2;

    /// <summary>Requests waiting for one model's forward pass; past this a request is refused as busy (503) instead of
    /// queueing without bound.</summary>
    [Range(1, 100_000)]
    public int MaxQueuedRequests { get; set; } = 256;

    /// <summary>How long a request waits for room in the cache (every slot held by a model in use) before it is
    /// refused as busy (milliseconds).</summary>
    [Range(100, 600_000)]
    public int LoadWaitMilliseconds { get; set; } = 30_000;

    /// <summary>How long a resolved model choice (the production alias, the newest-run fallback, a reference) is reused
    /// before the database is asked again. Writes in this process clear it at once; this bounds how late another
    /// process's change (the CLI promoting a model) is seen. 0 = ask every time.</summary>
    [Range(0, 3600)]
    public double ResolvedModelSeconds { get; set; } = 5;

    /// <summary>Most articles in one <c>POST /api/classify/batch</c> (or list input of the Hugging Face endpoint);
    /// more is refused with 413.</summary>
    [Range(1, 10_000)]
    public int MaxBatchArticles { get; set; } = 256;
}
