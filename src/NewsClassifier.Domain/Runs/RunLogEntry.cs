namespace NewsClassifier.Domain.Runs;

/// <summary>One line of a run's log. Appended, never edited.</summary>
/// <param name="At">UTC.</param>
public sealed record RunLogEntry(int RunId, DateTime At, string Message)
{
    /// <summary>Set by the database; orders lines written in the same tick.</summary>
    public long Id { get; init; }
}
