using System.ComponentModel.DataAnnotations;

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

    /// <summary>How long the first request of a batch waits for others to join it (milliseconds).</summary>
    [Range(0, 100)]
    public int BatchWindowMilliseconds { get; set; } = 2;

    /// <summary>Longer pasted texts are cut to this many characters (the model reads far fewer tokens anyway).</summary>
    [Range(100, 10_000_000)]
    public int MaxTextCharacters { get; set; } = 100_000;
}
