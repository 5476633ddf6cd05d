using System.Globalization;
using System.Text.Json;

namespace NewsClassifier.Application.Imports;

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
