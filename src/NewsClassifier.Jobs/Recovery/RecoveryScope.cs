namespace NewsClassifier.Jobs.Recovery;

/// <summary>When recovery runs, which decides the rows it looks at.</summary>
internal enum RecoveryScope
{
    /// <summary>At this process's start: in-memory job storage is empty, so every queued and running row is recovered
    /// (queued ones are put in this process's queue again).</summary>
    Start,

    /// <summary>The periodic sweep while this process runs: only running rows whose holder is gone (the CLI killed
    /// mid-run). Queued rows are in this process's queue already and are never queued twice.</summary>
    Sweep,
}
