using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Imports;

/// <summary>What a user asks to import. <paramref name="Source"/> is a server path, a URL, or an
/// upload's original file name (then <paramref name="StagedPath"/> is where the upload was saved).</summary>
public sealed record ImportSubmission(
    string DatasetName,
    ImportSourceKind SourceKind,
    string Source,
    ImportSpec Spec,
    string? StagedPath = null,
    string? Description = null);
