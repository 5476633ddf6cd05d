namespace NewsClassifier.Application.Pretrained;

/// <summary>Configuration section "Pretrained": where Hugging Face checkpoints are downloaded from and how large they may be.</summary>
public sealed class PretrainedOptions : IValidatableObject
{
    public const string SectionName = "Pretrained";

    /// <summary>Files are fetched from <c>{HubBaseUrl}/{modelId}/resolve/{revision}/{file}</c> (a mirror works too).</summary>
    [Required]
    public Uri HubBaseUrl { get; set; } = new("https://huggingface.co");

    /// <summary>Sent as a bearer token to the hub (gated or private models); empty for public ones.</summary>
    public string? HubToken { get; set; }

    /// <summary>Largest single download (and largest uploaded zip); bert-base's safetensors is 440 MB, bert-large's 1.3 GB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxDownloadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest total of extracted files from an uploaded zip.</summary>
    [Range(1, long.MaxValue)]
    public long MaxExtractedBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>A Hugging Face folder has a handful of files; a zip with many more is not a model folder.</summary>
    [Range(1, 10_000)]
    public int MaxZipEntries { get; set; } = 64;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!HubBaseUrl.IsAbsoluteUri || HubBaseUrl.Scheme is not ("http" or "https"))
            yield return new ValidationResult("Pretrained:HubBaseUrl must be an absolute http(s) URL.", [nameof(HubBaseUrl)]);
        else if (HubBaseUrl.UserInfo.Length > 0)
            yield return new ValidationResult("Pretrained:HubBaseUrl must not carry a user name or password; put a token in Pretrained:HubToken.", [nameof(HubBaseUrl)]);
    }
}
