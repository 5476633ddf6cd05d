using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Imports;

/// <summary>A moment of an import's progress, as published to live pages.</summary>
public sealed record ImportStatus(
    int ImportId,
    ImportState State,
    string Phase,
    long BytesDone,
    long BytesTotal,
    int RowsRead,
    string? Message,
    int? DatasetId)
{
    public double? Fraction => BytesTotal > 0 ? Math.Clamp((double)BytesDone / BytesTotal, 0, 1) : null;

    public bool IsFinished => State is ImportState.Succeeded or ImportState.Failed or ImportState.Cancelled;

    public static ImportStatus From(DatasetImport import, string phase = "") => new(
        import.Id, import.State, phase, import.BytesDone, import.BytesTotal, import.RowsRead, import.Message, import.DatasetId);
}
