namespace NewsClassifier.ML.Training.Resume;

/// <summary>
/// The disk a run's checkpoints take: the resume state (<c>resume/</c>, and a <c>resume.tmp/</c> or <c>resume.old/</c>
/// mid-save) and the <c>last/</c> model folder; not <c>model/</c>, the result. The epochs are the resume state's, when it
/// has one.
/// </summary>
public sealed record CheckpointUsage(long Bytes, int? LastEpoch, int? BestEpoch)
{
    /// <summary>Null when the run has no checkpoint on disk. Reads state.json only (no hashing): cheap enough for a page.</summary>
    public static CheckpointUsage? Of(string artifactDirectory)
    {
        var folders = new[]
        {
            ResumeCheckpoint.CurrentDirectory(artifactDirectory), ResumeCheckpoint.TemporaryDirectory(artifactDirectory),
            ResumeCheckpoint.PreviousDirectory(artifactDirectory), Path.Combine(artifactDirectory, RunFolders.LastEpoch),
        }.Where(Directory.Exists).ToArray();
        if (folders.Length == 0) return null;
        long bytes = 0;
        foreach (var folder in folders)
        {
            try
            {
                bytes += new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            }
            catch (IOException)
            {
                // A save renamed the folder while it was counted: the figure is one refresh out of date.
            }
        }
        var loop = ResumeCheckpoint.ReadLoopState(ResumeCheckpoint.CurrentDirectory(artifactDirectory));
        return new CheckpointUsage(bytes, loop?.Epoch, loop?.BestEpoch);
    }
}
