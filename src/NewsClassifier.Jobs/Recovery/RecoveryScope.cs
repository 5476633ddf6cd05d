namespace NewsClassifier.Jobs.Recovery;

/// <summary>When recovery runs, which decides the rows it looks at.</summary>
internal enum RecoveryScope
{
    /// <summary>At this process's start on in-memory job storage, which is empty: every queued and running row nobody
    /// holds is recovered (queued ones are put in this process's queue again).</summary>
    Start,

    /// <summary>At this process's start on durable job storage (PostgreSQL): queued rows still have their jobs in the
    /// shared queues and are left to them; running rows nobody holds are recovered as at <see cref="Start"/>.</summary>
    DurableStart,

    /// <summary>The periodic sweep while this process runs: only running rows whose holder is gone (the CLI or a worker
    /// killed mid-run). Queued rows are in a queue already and are never queued twice.</summary>
    Sweep,
}
