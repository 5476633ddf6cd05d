namespace NewsClassifier.Application.Imports;

/// <param name="Row">1-based line in the file where the record starts, header included (what an editor shows).</param>
public sealed record RowProblem(int Row, string Reason);
