namespace NewsClassifier.Web.Hosting;

/// <summary>A request body that fails with 413 once more than <paramref name="limit"/> bytes arrive. Kestrel enforces
/// the same limit through IHttpMaxRequestBodySizeFeature; this also covers a chunked body on a server without that
/// feature (the in-memory test server) and is what <see cref="RequestBodyLimit"/> recognises afterwards.</summary>
internal sealed class LimitedReadStream(Stream inner, long limit) : CountingReadStream(inner)
{
    public bool Exceeded { get; private set; }

    // A request body's length is not known up front (chunked); callers must not ask.
    public override long Length => throw new NotSupportedException();

    protected override void OnRead(int read)
    {
        if (BytesRead <= limit) return;
        Exceeded = true;
        throw new BadHttpRequestException($"The request body is larger than the limit of {limit:N0} bytes.", StatusCodes.Status413PayloadTooLarge);
    }
}
