namespace NewsClassifier.Web.Hosting;

/// <summary>Configuration section "Requests": how large a request body may be outside the upload endpoints.</summary>
public sealed class RequestLimitOptions
{
    public const string SectionName = "Requests";

    /// <summary>Every request except the upload endpoints (model archive and checkpoint zip, capped by their own
    /// Import/Pretrained limits) is refused above this with 413: the JSON API's bodies are a few kilobytes, and a
    /// 900 MB body to /api/classify must not be buffered by the JSON reader.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}
