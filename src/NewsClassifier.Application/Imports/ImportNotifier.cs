namespace NewsClassifier.Application.Imports;

/// <summary>
/// Fan-out of import progress to pages in this process (singleton). The job also writes progress to
/// the import's row, so a page opened later (or in another process) starts from the stored state.
/// </summary>
public sealed class ImportNotifier
{
    public event Action<ImportStatus>? Changed;

    public void Publish(ImportStatus status) => Changed?.Invoke(status);
}
