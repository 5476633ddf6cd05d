namespace NewsClassifier.Application.Imports;

/// <summary>A later row with the same title and text as <paramref name="FirstRow"/>; it was skipped.</summary>
public sealed record DuplicateRow(int Row, int FirstRow, bool DifferentLabel);
