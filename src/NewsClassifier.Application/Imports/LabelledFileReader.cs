using System.Text;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Reads a labelled file (an evaluation set) with exactly the importer's format detection, readers, label rules and
/// row checks, storing nothing. Unlike an import, every row must carry a label and duplicates are kept (a test set
/// may repeat an article).
/// </summary>
public static class LabelledFileReader
{
    /// <exception cref="ImportException">The file is missing, empty, unreadable or not in the requested format.</exception>
    public static Task<LabelledFile> ReadAsync(string path, ImportSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Task.Run(() => Read(path, spec, cancellationToken), cancellationToken);
    }

    private static LabelledFile Read(string path, ImportSpec spec, CancellationToken cancellationToken)
    {
        var layout = LayoutDetector.Detect(path, spec);
        var warnings = new List<string>();
        var mapping = LayoutDetector.Resolve(layout, ImportFormats.HasFixedLabels(layout.Format)
            ? LayoutDetector.Suggest(layout, warnings)
            : spec.Mapping ?? LayoutDetector.Suggest(layout, warnings));
        if (mapping.LabelIndex is null && mapping.LabelKey is null)
            throw new ImportException("The file has no label column: an evaluation set needs one.");
        var labels = new LabelResolver(layout.Format, spec.LabelNames);
        // The texts a model is scored on are cleaned like the articles it was trained on.
        var checker = new RowChecker(labels, spec.CleanText, FileLabelUse.Gold);

        using var source = RecordSource.Open(path, layout, mapping);
        var rows = new List<LabelledRow>();
        var problems = new List<RowProblem>();
        int rowsRead = 0, problemCount = 0;
        while (TryRead(source, out var record))
        {
            if ((++rowsRead & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            var row = checker.Check(record);
            var problem = row.Problem ?? (row.Ordinal is null ? "The label is empty." : null);
            if (problem is not null)
            {
                if (problemCount++ < ImportReport.MaxListed) problems.Add(new RowProblem(record.Row, problem));
                continue;
            }
            rows.Add(new LabelledRow(record.Row, row.Title, row.Text, row.Ordinal!.Value));
        }
        cancellationToken.ThrowIfCancellationRequested();
        return new LabelledFile(layout.Format, layout.HasHeader, labels.Names.ToList(), rowsRead, rows, problemCount, problems);
    }

    private static bool TryRead(RecordSource source, out SourceRecord record)
    {
        try
        {
            return source.TryRead(out record);
        }
        catch (DecoderFallbackException e)
        {
            throw LayoutDetector.NotUtf8(e);
        }
    }
}
