namespace NewsClassifier.Application.Runs;

public sealed record RunVerdict(int RunId, string Predicted, float Confidence, bool Correct);
