namespace NewsClassifier.Benchmarks;

/// <summary>One benchmark command. Implementations are found by reflection, so adding one is adding a file.</summary>
public interface IBenchmark
{
    /// <summary>The command name, e.g. "import".</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark, prints its figures, returns the process exit code.</summary>
    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
