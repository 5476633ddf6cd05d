namespace NewsClassifier.TestSupport.Processes;

/// <summary>What one real CLI process did: its exit code and both streams.</summary>
public sealed record CliResult(int Exit, string Out, string Err)
{
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
