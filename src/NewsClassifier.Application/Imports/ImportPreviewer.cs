namespace NewsClassifier.Application.Imports;

/// <summary>Detects a file's format and shows its first rows with a suggested mapping, before anything is imported.</summary>
public sealed class ImportPreviewer
{
    /// <exception cref="ImportException">The file is missing, empty, unreadable or not in the requested format.</exception>
    public Task<ImportPreview> PreviewAsync(string path, ImportSpec spec, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        cancellationToken.ThrowIfCancellationRequested();
        // The sample is at most 64 KB: reading it synchronously on a pool thread keeps the sniffing code simple.
        return Task.Run(() =>
        {
            var layout = LayoutDetector.Detect(path, spec);
            var warnings = layout.Warnings.ToList();
            var suggested = LayoutDetector.Suggest(layout, warnings);
            if (suggested.Title is null && suggested.Text is null)
                warnings.Add("Choose which column holds the title or the text.");
            if (layout.Format is ImportFormat.AgNews or ImportFormat.Kaggle && spec.Mapping is not null)
                warnings.Add($"{layout.Format} files have a fixed layout: the column mapping is ignored.");
            return new ImportPreview(layout.Format, layout.HasHeader, layout.Columns, layout.SampleRows.Take(maxRows).ToList(), suggested, warnings);
        }, cancellationToken);
    }
}
