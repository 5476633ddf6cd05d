namespace NewsClassifier.Application.Imports;

/// <summary>One valid row of a labelled file: <see cref="Ordinal"/> indexes the file's label set (AG News: 0 = label 1).</summary>
public sealed record LabelledRow(int Row, string Title, string Text, int Ordinal);
