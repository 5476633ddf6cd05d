using System.Globalization;
using System.Text;

namespace NewsClassifier.Application.Imports;

/// <summary>Sniffs format, delimiter and header from the first 64 KB of a file, and suggests and resolves column mappings.</summary>
internal static class LayoutDetector
{
    private const int SampleChars = 64 * 1024;
    private const int SampleRecords = 50;
    private static readonly char[] CandidateDelimiters = [',', '\t', ';', '|'];

    private static readonly string[] TitleNames = ["title", "headline", "heading", "header", "subject"];
    private static readonly string[] TextNames = ["text", "description", "body", "content", "article", "summary", "story", "desc"];
    private static readonly string[] LabelNames = ["label", "category", "class", "class index", "topic", "section", "tag", "target"];

    public static FileLayout Detect(string path, ImportSpec spec)
    {
        if (!File.Exists(path)) throw new ImportException($"File not found: {path}");
        string sample;
        bool truncated;
        try
        {
            using var reader = OpenText(path);
            var buffer = new char[SampleChars];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            sample = new string(buffer, 0, read);
            truncated = reader.Peek() >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"The file cannot be read: {e.Message}", e);
        }
        catch (DecoderFallbackException e)
        {
            // A binary file is rarely valid UTF-8 either: say what it is rather than which byte failed.
            throw LooksBinary(path) ? Binary() : NotUtf8(e);
        }
        if (string.IsNullOrWhiteSpace(sample)) throw new ImportException("The file is empty.");
        if (sample.Contains('\0')) throw Binary();

        var format = spec.Format;
        if (format == ImportFormat.Auto && sample.TrimStart().StartsWith('{')) format = ImportFormat.Jsonl;
        if (format != ImportFormat.Jsonl && DocumentSniffer.NotData(sample) is { } notData) throw new ImportException(notData);
        return format == ImportFormat.Jsonl ? DetectJsonLines(sample, truncated) : DetectDelimited(path, sample, truncated, format, spec.HasHeader);
    }

    /// <summary>Opens a file as text: UTF-8 unless a byte order mark says otherwise. Invalid bytes throw
    /// <see cref="DecoderFallbackException"/> (see <see cref="NotUtf8"/>) instead of silently becoming U+FFFD in articles.</summary>
    public static StreamReader OpenText(string path, FileStream? stream = null) =>
        new(stream ?? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

    private static ImportException Binary() => new("The file looks binary (it contains NUL characters), not CSV, TSV or JSON lines text.");

    private static bool LooksBinary(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var head = new byte[SampleChars];
        return head.AsSpan(0, stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)).Contains((byte)0);
    }

    /// <summary>The refusal for a file that is not valid UTF-8, naming the bytes that are not.</summary>
    public static ImportException NotUtf8(DecoderFallbackException e)
    {
        var bytes = e.BytesUnknown is { Length: > 0 } unknown ? $" (bytes {Convert.ToHexString(unknown)})" : "";
        return new ImportException($"The file is not valid UTF-8 text{bytes}. Save it as UTF-8 (or with a byte order mark) and import again.", e);
    }

    private static FileLayout DetectJsonLines(string sample, bool truncated)
    {
        var lines = sample.Split('\n');
        if (truncated && lines.Length > 1) lines = lines[..^1];
        var columns = new List<string>();
        var objects = new List<Dictionary<string, string>>();
        var warnings = new List<string>();
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (objects.Count >= SampleRecords) break;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    warnings.Add($"Line {lineNumber} is not a JSON object.");
                    continue;
                }
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (!columns.Contains(p.Name)) columns.Add(p.Name);
                    values[p.Name] = p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? p.Value.GetRawText() : JsonText(p.Value) ?? "";
                }
                objects.Add(values);
            }
            catch (JsonException e)
            {
                warnings.Add($"Line {lineNumber} is not valid JSON: {e.Message}");
            }
        }
        if (objects.Count == 0) throw new ImportException("No JSON object found in the first lines: is this really a JSON lines file?");
        var rows = objects.Select(o => (IReadOnlyList<string>)columns.Select(c => o.GetValueOrDefault(c, "")).ToList()).ToList();
        return new FileLayout(ImportFormat.Jsonl, '\0', false, columns, rows, warnings);
    }

    private static FileLayout DetectDelimited(string path, string sample, bool truncated, ImportFormat format, bool? hasHeader)
    {
        var warnings = new List<string>();
        char delimiter;
        List<List<string>> records;
        switch (format)
        {
            case ImportFormat.Tsv:
                delimiter = '\t';
                records = ReadSample(sample, truncated, delimiter);
                break;
            case ImportFormat.AgNews or ImportFormat.Kaggle:
                delimiter = ',';
                records = ReadSample(sample, truncated, delimiter);
                break;
            default:
                (delimiter, records, var consistent) = SniffDelimiter(sample, truncated, format == ImportFormat.Csv);
                if (!consistent && DocumentSniffer.Markdown(sample, path) is { } markdown) throw new ImportException(markdown);
                if (delimiter is not (',' or '\t')) warnings.Add($"Detected '{delimiter}' as the delimiter.");
                break;
        }
        if (records.Count == 0) throw new ImportException("The file is empty.");

        var first = records[0];
        var columnCount = first.Count;
        if (format == ImportFormat.Auto)
        {
            format = delimiter == '\t' ? ImportFormat.Tsv : ImportFormat.Csv;
            if (columnCount == 3 && delimiter == ',')
            {
                var names = string.Join(",", first.Select(f => f.Trim().ToLowerInvariant()));
                if (names == "label,title,description" && hasHeader != false) { format = ImportFormat.AgNews; hasHeader = true; }
                else if (names == "class index,title,description" && hasHeader != false) { format = ImportFormat.Kaggle; hasHeader = true; }
                else if (hasHeader != true && records.All(r => r.Count == 3 && IsAgNewsLabel(r[0]))) { format = ImportFormat.AgNews; hasHeader = false; }
            }
        }

        bool header;
        if (format is ImportFormat.AgNews or ImportFormat.Kaggle)
        {
            if (columnCount != 3) throw new ImportException($"{format} files have 3 columns (label, title, description); the first record has {columnCount}.");
            header = hasHeader ?? !int.TryParse(first[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        }
        else
        {
            header = hasHeader ?? LooksLikeHeader(records);
        }

        IReadOnlyList<string> columns = format switch
        {
            ImportFormat.AgNews => ["label", "title", "description"],
            ImportFormat.Kaggle => ["Class Index", "Title", "Description"],
            _ when header => first.Select((name, i) => name.Trim().Length == 0 ? (i + 1).ToString(CultureInfo.InvariantCulture) : name.Trim()).ToList(),
            _ => Enumerable.Range(1, columnCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList(),
        };
        if (header && columns.Distinct(StringComparer.OrdinalIgnoreCase).Count() != columns.Count)
            warnings.Add("Some header names repeat; mapping uses the first column of each name.");
        var rows = records.Skip(header ? 1 : 0).Select(r => (IReadOnlyList<string>)r).ToList();
        ReadSample(sample, truncated, delimiter, out var malformed);
        if (header && rows.Count == 0 && malformed == 0 && !truncated) throw new ImportException("The file has a header but no rows.");
        return new FileLayout(format, delimiter, header, columns, rows, warnings);
    }

    private static bool IsAgNewsLabel(string value) => value.Trim() is "1" or "2" or "3" or "4";

    private static List<List<string>> ReadSample(string sample, bool truncated, char delimiter) => ReadSample(sample, truncated, delimiter, out _);

    private static List<List<string>> ReadSample(string sample, bool truncated, char delimiter, out int malformed)
    {
        malformed = 0;
        var reader = new DelimitedReader(new StringReader(sample), delimiter);
        var records = new List<List<string>>();
        while (records.Count < SampleRecords + 1)
        {
            var fields = new List<string>();
            if (!reader.TryRead(fields, out _, out var error)) break;
            if (error is not null)
            {
                malformed++; // cut by the sample's end, or really malformed: the import reports it
                continue;
            }
            records.Add(fields);
        }
        // The last record of a cut sample may itself be cut.
        if (truncated && records.Count > 1 && records.Count <= SampleRecords) records.RemoveAt(records.Count - 1);
        return records;
    }

    /// <summary>The delimiter that splits the sampled records into the same number (> 1) of fields, preferring more fields;
    /// Consistent is false when none does.</summary>
    private static (char, List<List<string>>, bool Consistent) SniffDelimiter(string sample, bool truncated, bool excludeTab)
    {
        (char Delimiter, List<List<string>> Records, int Fields)? best = null;
        foreach (var d in CandidateDelimiters)
        {
            if (excludeTab && d == '\t') continue;
            var records = ReadSample(sample, truncated, d);
            if (records.Count == 0) continue;
            var count = records[0].Count;
            if (count < 2 || records.Any(r => r.Count != count)) continue;
            if (best is null || count > best.Value.Fields) best = (d, records, count);
        }
        if (best is { } b) return (b.Delimiter, b.Records, true);
        // Nothing consistent: one column (text per line) or a broken file; read as comma-separated and let the import report rows.
        return (',', ReadSample(sample, truncated, ','), false);
    }

    /// <summary>A header row has short, distinct, non-numeric names; it is certain when names are ones we know, or
    /// when a column is numeric below it.</summary>
    private static bool LooksLikeHeader(List<List<string>> records)
    {
        var first = records[0].Select(f => f.Trim()).ToList();
        if (first.Any(f => f.Length == 0 || f.Length > 60 || IsNumber(f))) return false;
        if (first.Distinct(StringComparer.OrdinalIgnoreCase).Count() != first.Count) return false;
        if (first.Any(f => KnownName(f) is not null)) return true;
        var rest = records.Skip(1).ToList();
        if (rest.Count == 0) return false;
        for (var i = 0; i < first.Count; i++)
        {
            var column = rest.Where(r => i < r.Count).Select(r => r[i].Trim()).ToList();
            if (column.Count > 0 && column.All(IsNumber)) return true;
        }
        // Names are short; data (news text) is usually much longer.
        var headerLength = first.Average(f => f.Length);
        var dataLength = rest.Average(r => r.Average(f => f.Length));
        return dataLength > 2 * headerLength && first.All(f => f.Length <= 30);
    }

    private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string? KnownName(string column)
    {
        var name = column.Trim().ToLowerInvariant();
        if (TitleNames.Contains(name)) return "title";
        if (TextNames.Contains(name)) return "text";
        if (LabelNames.Contains(name)) return "label";
        return null;
    }

    public static ColumnMapping Suggest(FileLayout layout, List<string> warnings)
    {
        switch (layout.Format)
        {
            case ImportFormat.AgNews or ImportFormat.Kaggle:
                return new ColumnMapping(layout.Columns[1], layout.Columns[2], layout.Columns[0]);
        }
        if (layout.HasHeader || layout.Format == ImportFormat.Jsonl)
        {
            string? Find(string role) => layout.Columns.FirstOrDefault(c => KnownName(c) == role);
            var byName = new ColumnMapping(Find("title"), Find("text"), Find("label"));
            if (byName.Title is not null || byName.Text is not null) return byName;
        }

        // No usable names: judge by content. The longest column is the text; a short column with few distinct
        // values is the label; the longest remaining one is the title.
        var rows = layout.SampleRows;
        var n = layout.Columns.Count;
        if (rows.Count == 0) return new ColumnMapping(null, n == 1 ? layout.Columns[0] : null, null);
        var avg = Enumerable.Range(0, n).Select(i => rows.Average(r => i < r.Count ? r[i].Length : 0)).ToArray();
        var distinct = Enumerable.Range(0, n).Select(i => rows.Select(r => i < r.Count ? r[i].Trim() : "").Distinct().Count()).ToArray();
        var order = Enumerable.Range(0, n).OrderByDescending(i => avg[i]).ToList();
        var text = order[0];
        int? label = order.Skip(1).Where(i => avg[i] <= 30 && (distinct[i] <= Math.Max(2, rows.Count / 2) || rows.Count < 4))
            .OrderBy(i => distinct[i]).Cast<int?>().FirstOrDefault();
        int? title = order.Skip(1).Where(i => i != label && avg[i] >= 5).Cast<int?>().FirstOrDefault();
        warnings.Add("No recognisable column names: the mapping was guessed from the content; check it.");
        return new ColumnMapping(title is { } t ? layout.Columns[t] : null, layout.Columns[text], label is { } l ? layout.Columns[l] : null);
    }

    /// <summary>Turns a mapping's names into column indexes (or JSON keys); names are matched case-insensitively,
    /// then as 1-based numbers.</summary>
    public static ResolvedMapping Resolve(FileLayout layout, ColumnMapping mapping)
    {
        if (string.IsNullOrWhiteSpace(mapping.Title) && string.IsNullOrWhiteSpace(mapping.Text))
            throw new ImportException("Choose the column that holds the title or the text (at least one).");
        if (layout.Format == ImportFormat.Jsonl)
        {
            static string? Key(string? name) => string.IsNullOrWhiteSpace(name) ? null : name;
            return new ResolvedMapping(null, null, null, Key(mapping.Title), Key(mapping.Text), Key(mapping.Label));
        }

        int? Index(string? name, string role)
        {
            if (string.IsNullOrWhiteSpace(name)) return null;
            var trimmed = name.Trim();
            for (var i = 0; i < layout.Columns.Count; i++)
                if (string.Equals(layout.Columns[i], trimmed, StringComparison.OrdinalIgnoreCase)) return i;
            if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= layout.Columns.Count)
                return number - 1;
            throw new ImportException($"The {role} column '{name}' is not in the file (columns: {string.Join(", ", layout.Columns)}).");
        }
        return new ResolvedMapping(Index(mapping.Title, "title"), Index(mapping.Text, "text"), Index(mapping.Label, "label"), null, null, null);
    }

    /// <summary>A JSON value as text: strings as they are, numbers and booleans as written, null as null.</summary>
    public static string? JsonText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => throw new FormatException("not a text value"),
    };
}
