namespace NewsClassifier.Application.Imports;

public static class ImportPhases
{
    public const string Reading = "Reading";
    /// <summary>Building the full-text index, after the last row (about a quarter of the time).</summary>
    public const string Indexing = "Indexing";
    public const string Committing = "Committing";
    public const string Done = "Done";
}
