namespace NewsClassifier.Web.Hosting;

/// <summary>A read-only, forward-only pass-through stream that hands every read's byte count to <see cref="OnRead"/>:
/// the one piece upload progress (<see cref="ProgressStream"/>) and the body limit (<see cref="LimitedReadStream"/>) share.</summary>
internal abstract class CountingReadStream(Stream inner) : Stream
{
    /// <summary>Bytes read so far.</summary>
    protected long BytesRead { get; private set; }

    /// <summary>Called after each read with its count (0 at the end), once <see cref="BytesRead"/> includes it; may throw.</summary>
    protected abstract void OnRead(int read);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        BytesRead += read;
        OnRead(read);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
