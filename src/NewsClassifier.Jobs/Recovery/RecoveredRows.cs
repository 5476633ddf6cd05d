namespace NewsClassifier.Jobs.Recovery;

/// <summary>What a handler recovered: how many rows, and the enqueues that take them up again. Those run after the rows'
/// new states are saved: a job queued first could start, set its row running and then have the recovery's "queued" saved
/// over it.</summary>
internal sealed record RecoveredRows(int Count, IReadOnlyList<Action> Enqueues);
