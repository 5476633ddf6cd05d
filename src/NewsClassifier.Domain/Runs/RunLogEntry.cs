namespace NewsClassifier.Domain.Runs;

/// <summary>One line of a run's log.</summary>
public sealed class RunLogEntry
{
    public long Id { get; set; }
    public int RunId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime At { get; set; }
    public required string Message { get; set; }
}
