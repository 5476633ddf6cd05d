namespace NewsClassifier.Application.Imports;

/// <param name="Source">What to record as the dataset's origin (original file name, path or URL).</param>
/// <param name="ImportId">The <c>DatasetImports</c> row this import runs for (null from the CLI): stored on the dataset so a
/// retry after a crash finds and deletes the partial dataset the interrupted run left.</param>
public sealed record ImportRequest(string Path, string DatasetName, ImportSpec Spec, string Source, string? Description = null, int? ImportId = null);
