namespace NewsClassifier.ML.Training;

/// <summary>The folders every recipe writes under a run's artifact directory.</summary>
public static class RunFolders
{
    /// <summary>The final model (the best epoch's weights when early stopping kept them); what the registry and the classify page load.</summary>
    public const string Model = "model";

    /// <summary>Rewritten at the end of every epoch, so a crash loses at most one epoch.</summary>
    public const string LastEpoch = "last";

    /// <summary>What a Torch run needs to continue after its last complete epoch (<see cref="Resume.ResumeCheckpoint"/>); deleted once the run succeeds.</summary>
    public const string Resume = "resume";
}
