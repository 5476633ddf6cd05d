using System.Globalization;
using System.Text.Json;

namespace NewsClassifier.Application.Imports;

/// <summary>One record as the importer sees it: the mapped values, or why the record could not be read.</summary>
internal readonly record struct SourceRecord(int Row, string? Title, string? Text, string? Label, string? Problem);

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

    public static RecordSource Open(string path, FileLayout layout, ResolvedMapping mapping) =>
        layout.Format == ImportFormat.Jsonl
            ? new JsonLinesSource(path, mapping)
            : new DelimitedSource(path, layout, mapping);

    public void Dispose() => Reader.Dispose();
}

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

    private string? Field(int? index) => index is { } i ? _fields[i] : null;
}

internal sealed class JsonLinesSource(string path, ResolvedMapping mapping) : RecordSource(path)
{
    private int _line;

    public override bool TryRead(out SourceRecord record)
    {
        while (true)
        {
            var line = Reader.ReadLine();
            if (line is null)
            {
                record = default;
                return false;
            }
            _line++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            record = Parse(line, _line);
            return true;
        }
    }

    private SourceRecord Parse(string line, int row)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new SourceRecord(row, null, null, null, $"Expected a JSON object but found {root.ValueKind.ToString().ToLowerInvariant()}.");
            string? Value(string? key)
            {
                if (key is null || !root.TryGetProperty(key, out var value)) return null;
                try
                {
                    return LayoutDetector.JsonText(value);
                }
                catch (FormatException)
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Property '{key}' is {value.ValueKind.ToString().ToLowerInvariant()}, not text."));
                }
            }
            return new SourceRecord(row, Value(mapping.TitleKey), Value(mapping.TextKey), Value(mapping.LabelKey), null);
        }
        catch (JsonException e)
        {
            return new SourceRecord(row, null, null, null, $"Invalid JSON: {e.Message}");
        }
        catch (FormatException e)
        {
            return new SourceRecord(row, null, null, null, e.Message);
        }
    }
}
