namespace NewsClassifier.Web.Hosting;

/// <summary>A read-only pass-through stream that reports how many bytes were read (at most every 64 KB, and at the end),
/// for upload progress bars.</summary>
internal sealed class ProgressStream(Stream inner, Action<long> onProgress) : CountingReadStream(inner)
{
    private const long ReportEvery = 64 * 1024;
    private long _lastReported;

    protected override void OnRead(int read)
    {
        if (BytesRead - _lastReported < ReportEvery && read != 0) return;
        _lastReported = BytesRead;
        onProgress(BytesRead);
    }
}
