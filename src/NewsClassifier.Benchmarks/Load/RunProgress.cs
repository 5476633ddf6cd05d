namespace NewsClassifier.Benchmarks.Load;

/// <summary>A run as GET /api/runs/{id} reports it.</summary>
internal sealed record RunProgress(string State, int Epoch, int Epochs, int Step, int TotalSteps, double? ValidationAccuracy, string? Error)
{
    public bool Ended => State is "Succeeded" or "Failed" or "Cancelled";

    public override string ToString() => $"{State}, epoch {Epoch}/{Epochs}, step {Step}/{TotalSteps}";
}
