namespace NewsClassifier.Benchmarks.Load;

/// <summary>
/// One concurrency level measured: every request started inside the measured window counts (the warm-up's do not).
/// Percentiles are nearest-rank over the successful requests' latencies (client side: send to the last byte read).
/// An error is any answer but 200, or a request that failed or timed out; <see cref="Statuses"/> breaks them down.
/// </summary>
internal sealed record LevelResult(
    string Phase,
    int Concurrency,
    double Seconds,
    int Requests,
    int Errors,
    IReadOnlyDictionary<string, int> Statuses,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double MeanMs,
    IReadOnlyList<string> TrainingStates,
    string? TrainingAtStart,
    string? TrainingAtEnd,
    CpuShare Cpu)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;

    /// <summary>True when no training was meant to run, or every poll during the level saw the run Running.</summary>
    public bool TrainingRanThroughout => Phase != LoadPhases.Training || (TrainingStates.Count > 0 && TrainingStates.All(s => s == "Running"));

    public static LevelResult From(string phase, int concurrency, double seconds, IReadOnlyList<double> latenciesMs, int errors,
        IReadOnlyDictionary<string, int> statuses, IReadOnlyList<string> trainingStates, string? atStart, string? atEnd, CpuShare cpu)
    {
        var sorted = latenciesMs.Order().ToArray();
        double Rank(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LevelResult(phase, concurrency, seconds, sorted.Length + errors, errors, statuses,
            Rank(0.50), Rank(0.90), Rank(0.99), sorted.Length == 0 ? double.NaN : sorted[^1], sorted.Length == 0 ? double.NaN : sorted.Average(),
            trainingStates, atStart, atEnd, cpu);
    }
}
