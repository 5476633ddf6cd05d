namespace NewsClassifier.Domain.Leases;

/// <summary>
/// Says which process is doing one piece of background work (a training run, an import, a download, a scoring) and
/// until when: the owner renews <see cref="ExpiresAt"/> while it works (a heartbeat) and deletes the row when it ends.
/// Recovery puts work back in the queue only when its lease has expired, so a run the CLI trains in another process is
/// never trained twice, and work a crashed process held is picked up again once its heartbeat stops.
/// </summary>
public sealed class WorkLease
{
    public const int MaxKindLength = 40;
    public const int MaxOwnerLength = 200;

    public long Id { get; set; }
    /// <summary>What kind of work (<see cref="WorkKinds"/>); with <see cref="WorkId"/> unique.</summary>
    public required string Kind { get; set; }
    /// <summary>The id of the work's row (a run id, an import id, ...).</summary>
    public int WorkId { get; set; }
    /// <summary>The holding process: machine, process id and process start time, so a dead holder on the same machine can be told from a live one.</summary>
    public required string Owner { get; set; }
    /// <summary>UTC.</summary>
    public DateTime AcquiredAt { get; set; }
    /// <summary>UTC; the lease is free after this instant unless the owner renews it.</summary>
    public DateTime ExpiresAt { get; set; }
}
