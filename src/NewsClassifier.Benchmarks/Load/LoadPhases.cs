namespace NewsClassifier.Benchmarks.Load;

/// <summary>The two conditions every level is measured in: nothing else running, and a training run going.</summary>
internal static class LoadPhases
{
    public const string Idle = "idle";

    public const string Training = "training";
}
