using System.Text;

namespace NewsClassifier.Application.Imports;

/// <summary>Streams a file's records through a resolved mapping, never holding more than one record.</summary>
internal abstract class RecordSource : IDisposable
{
    private readonly FileStream _stream;

    protected RecordSource(string path)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Reader = LayoutDetector.OpenText(path, _stream);
    }

    protected StreamReader Reader { get; }

    public long BytesTotal => _stream.Length;

    /// <summary>Bytes consumed so far (buffered ahead by up to 128 KB, fine for progress).</summary>
    public long BytesRead => _stream.Position;

    public abstract bool TryRead(out SourceRecord record);

    /// <summary>The next record, or false at the end, or false with <paramref name="notText"/> set when the file turns out
    /// not to be valid UTF-8 past the sample the layout was detected from.</summary>
    public bool TryReadText(out SourceRecord record, out string? notText)
    {
        notText = null;
        try
        {
            return TryRead(out record);
        }
        catch (DecoderFallbackException e)
        {
            notText = LayoutDetector.NotUtf8(e).Message;
            record = default!;
            return false;
        }
    }

    /// <summary>Every value of the record just read, in <paramref name="columns"/> order, for the preview's table.</summary>
    public abstract IReadOnlyList<string> Cells(IReadOnlyList<string> columns);

    public static RecordSource Open(string path, FileLayout layout, ResolvedMapping mapping) =>
        layout.Format == ImportFormat.Jsonl
            ? new JsonLinesSource(path, mapping)
            : new DelimitedSource(path, layout, mapping);

    public void Dispose() => Reader.Dispose();
}
