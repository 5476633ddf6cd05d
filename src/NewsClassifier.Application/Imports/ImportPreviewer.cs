using System.Text;

namespace NewsClassifier.Application.Imports;

/// <summary>Detects a file's format and shows its first rows with a suggested mapping, before anything is imported. The
/// first rows go through the importer's readers and <see cref="RowChecker"/> with the mapping, label use and clean-up
/// chosen, so a row flagged here is a row the import refuses, for the same reason.</summary>
public sealed class ImportPreviewer
{
    /// <summary>How many rows the preview checks: enough to judge a file (and all of most hand-made ones) in well under a
    /// second; the import itself checks every row.</summary>
    public const int MaxCheckedRows = 1_000;
    public const int MaxListedProblems = 50;

    /// <exception cref="ImportException">The file is missing, empty, unreadable, not in the requested format, or not a data file.</exception>
    public Task<ImportPreview> PreviewAsync(string path, ImportSpec spec, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        cancellationToken.ThrowIfCancellationRequested();
        // The sample is at most 64 KB and the check a thousand rows: reading synchronously on a pool thread keeps the
        // sniffing code simple.
        return Task.Run(() =>
        {
            var layout = LayoutDetector.Detect(path, spec);
            var warnings = layout.Warnings.ToList();
            var suggested = LayoutDetector.Suggest(layout, warnings);
            if (suggested.Title is null && suggested.Text is null)
                warnings.Add("Choose which column holds the title or the text.");
            if (layout.Format is ImportFormat.AgNews or ImportFormat.Kaggle && spec.Mapping is not null)
                warnings.Add($"{layout.Format} files have a fixed layout: the column mapping is ignored.");
            var mapping = ImportFormats.HasFixedLabels(layout.Format) ? suggested : spec.Mapping ?? suggested;
            var (rows, check) = CheckRows(path, layout, mapping, spec, maxRows, cancellationToken);
            return new ImportPreview(layout.Format, layout.HasHeader, layout.Columns, rows, suggested, warnings, check);
        }, cancellationToken);
    }

    private static (List<PreviewRow>, PreviewCheck) CheckRows(string path, FileLayout layout, ColumnMapping mapping, ImportSpec spec, int maxRows,
        CancellationToken cancellationToken)
    {
        ResolvedMapping resolved;
        RowChecker checker;
        try
        {
            resolved = LayoutDetector.Resolve(layout, mapping);
            checker = new RowChecker(new LabelResolver(layout.Format, spec.LabelNames), spec.CleanText, spec.FileLabels);
        }
        catch (ImportException e)
        {
            // Shown as the reason Start is disabled; the sample rows still show so the user can pick the columns.
            var sample = layout.SampleRows.Take(maxRows).Select(cells => new PreviewRow(0, cells, null, false)).ToList();
            return (sample, new PreviewCheck(0, false, 0, [], 0, [], e.Message));
        }

        var titleColumn = resolved.TitleIndex ?? IndexOf(layout.Columns, resolved.TitleKey);
        var textColumn = resolved.TextIndex ?? IndexOf(layout.Columns, resolved.TextKey);
        var rows = new List<PreviewRow>();
        var problems = new List<RowProblem>();
        int checkedRows = 0, refused = 0, cleaned = 0;
        var wholeFile = true;
        using (var source = RecordSource.Open(path, layout, resolved))
        {
            while (true)
            {
                if (checkedRows == MaxCheckedRows)
                {
                    wholeFile = !source.TryReadText(out _, out _);
                    break;
                }
                if (!source.TryReadText(out var record, out var notText))
                {
                    if (notText is not null) throw new ImportException(notText);
                    break;
                }
                if ((++checkedRows & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
                var row = checker.Check(record);
                var changed = row.OriginalTitle is not null || row.OriginalText is not null;
                if (row.Problem is not null && refused++ < MaxListedProblems) problems.Add(new RowProblem(row.Row, row.Problem));
                if (changed) cleaned++;
                if (rows.Count < maxRows)
                {
                    var cells = source.Cells(layout.Columns).ToArray();
                    if (changed)
                    {
                        if (row.OriginalTitle is not null && titleColumn is { } t && t < cells.Length) cells[t] = row.Title;
                        if (row.OriginalText is not null && textColumn is { } x && x < cells.Length) cells[x] = row.Text;
                    }
                    rows.Add(new PreviewRow(row.Row, cells, row.Problem, changed));
                }
            }
        }

        string? blocked = null;
        if (checkedRows == 0) blocked = layout.HasHeader ? "The file has a header but no rows." : "The file has no rows.";
        else if (refused == checkedRows)
            blocked = wholeFile
                ? $"None of the file's {checkedRows:N0} rows can be imported: every row is refused (reasons in the table)."
                : $"None of the first {checkedRows:N0} rows can be imported: every one is refused (reasons in the table).";
        return (rows, new PreviewCheck(checkedRows, wholeFile, refused, problems, cleaned, checker.Labels.Names.ToList(), blocked));
    }

    private static int? IndexOf(IReadOnlyList<string> columns, string? key)
    {
        if (key is null) return null;
        for (var i = 0; i < columns.Count; i++) if (columns[i] == key) return i;
        return null;
    }
}
