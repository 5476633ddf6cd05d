namespace NewsClassifier.Application.Imports;

/// <param name="Source">What to record as the dataset's origin (original file name, path or URL).</param>
public sealed record ImportRequest(string Path, string DatasetName, ImportSpec Spec, string Source, string? Description = null);
