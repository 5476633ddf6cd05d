using System.ComponentModel.DataAnnotations;

namespace NewsClassifier.Jobs;

/// <summary>Configuration section "Jobs": background job workers of this process.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Workers on the "training" queue. One per GPU (or one on a CPU machine: a second
    /// CPU training run only halves the speed of both).</summary>
    [Range(0, 64)]
    public int TrainingWorkers { get; set; } = 1;

    /// <summary>Workers on the "default" queue (imports, exports, housekeeping).</summary>
    [Range(0, 64)]
    public int DefaultWorkers { get; set; } = 2;

    /// <summary>Workers on the "webhooks" queue (each send waits at most Webhooks:TimeoutSeconds for a receiver).</summary>
    [Range(0, 64)]
    public int WebhookWorkers { get; set; } = 2;

    /// <summary>Starts of one run or import that the process may die during (a crash, the kernel killing it for memory)
    /// before restart recovery fails it instead of starting it again: without a limit, work that kills the server would
    /// kill it at every start.</summary>
    [Range(1, 100)]
    public int MaxCrashAttempts { get; set; } = 2;
}
