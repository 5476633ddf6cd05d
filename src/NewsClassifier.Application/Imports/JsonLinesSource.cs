using System.Globalization;

namespace NewsClassifier.Application.Imports;

internal sealed class JsonLinesSource(string path, ResolvedMapping mapping) : RecordSource(path)
{
    private int _line;
    private string _current = "";

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
            _current = line;
            record = Parse(line, _line);
            return true;
        }
    }

    public override IReadOnlyList<string> Cells(IReadOnlyList<string> columns)
    {
        try
        {
            using var doc = JsonDocument.Parse(_current);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return [_current];
            return columns.Select(c => doc.RootElement.TryGetProperty(c, out var v)
                ? v.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? v.GetRawText() : LayoutDetector.JsonText(v) ?? ""
                : "").ToList();
        }
        catch (JsonException)
        {
            return [_current]; // the line itself, so the flagged row shows what is wrong with it
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
