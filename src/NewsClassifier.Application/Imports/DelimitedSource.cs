namespace NewsClassifier.Application.Imports;

internal sealed class DelimitedSource : RecordSource
{
    private readonly DelimitedReader _reader;
    private readonly ResolvedMapping _mapping;
    private readonly int _columnCount;
    private readonly List<string> _fields = new();

    public DelimitedSource(string path, FileLayout layout, ResolvedMapping mapping) : base(path)
    {
        _reader = new DelimitedReader(Reader, layout.Delimiter);
        _mapping = mapping;
        _columnCount = layout.Columns.Count;
        if (layout.HasHeader) _reader.TryRead(_fields, out _, out _);
    }

    public override bool TryRead(out SourceRecord record)
    {
        if (!_reader.TryRead(_fields, out var row, out var error))
        {
            record = default;
            return false;
        }
        if (error is not null)
        {
            record = new SourceRecord(row, null, null, null, error);
        }
        else if (_fields.Count != _columnCount)
        {
            record = new SourceRecord(row, null, null, null,
                $"Expected {_columnCount} columns but found {_fields.Count}" +
                (_fields.Count > _columnCount ? " (an unquoted delimiter inside a field?)." : "."));
        }
        else
        {
            record = new SourceRecord(row, Field(_mapping.TitleIndex), Field(_mapping.TextIndex), Field(_mapping.LabelIndex), null);
        }
        return true;
    }

    public override IReadOnlyList<string> Cells(IReadOnlyList<string> columns) => _fields.ToArray();

    private string? Field(int? index) => index is { } i ? _fields[i] : null;
}
