namespace NewsClassifier.Application.Imports;

public static class ImportPhases
{
    public const string Reading = "Reading";
    public const string Committing = "Committing";
    public const string Done = "Done";
}
