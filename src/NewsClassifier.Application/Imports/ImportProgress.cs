namespace NewsClassifier.Application.Imports;

/// <param name="Phase">One of <see cref="ImportPhases"/>.</param>
public sealed record ImportProgress(long BytesRead, long BytesTotal, int RowsRead, string Phase);
